"""The demo shows every kind of figure: fictional influencers, events, an anomaly."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from agency import demo_content as demo
from influencers.models import Event, FollowerSnapshot, Influencer, ReviewStatus, SnapshotSource

pytestmark = pytest.mark.django_db

FICTIONAL = [spec["slug"] for spec in demo.FICTIONAL_INFLUENCERS]


def test_fictional_influencers_say_so_and_every_figure_of_theirs_is_illustrative(demo_data):
    fictional = Influencer.objects.filter(slug__in=FICTIONAL)
    assert 4 <= fictional.count() <= 6
    for influencer in fictional:
        assert "fictif" in influencer.bio and "fictif" in influencer.headline
    sources = FollowerSnapshot.objects.filter(account__influencer__in=fictional)
    assert set(sources.values_list("source", flat=True)) == {SnapshotSource.ILLUSTRATIVE}


def test_the_real_2019_figures_stay_measured(demo_data):
    real = FollowerSnapshot.objects.exclude(source=SnapshotSource.ILLUSTRATIVE)
    assert sorted(real.values_list("followers", flat=True)) == [512_000, 746_000, 1_500_000]


def test_the_x_rename_is_marked_on_every_x_chart(client, demo_data):
    rename = Event.objects.get(label="Twitter devient X")
    assert rename.platform.slug == "x" and rename.happened_on.isoformat() == "2023-07-24"
    for slug in ("thomas-pesquet", "noe-ferraille", "margot-lune"):
        soup = BeautifulSoup(client.get(f"/influenceurs/{slug}/").content, "html.parser")
        titles = [mark.title.string for mark in soup.select("svg .chart__event")]
        assert any("Twitter devient X" in title for title in titles), slug


def test_one_unexplained_spike_waits_for_review_and_readers_see_it(client, demo_data):
    spike = FollowerSnapshot.objects.to_review().get()
    assert spike.account.influencer.slug == "margot-lune"
    soup = BeautifulSoup(client.get("/influenceurs/margot-lune/").content, "html.parser")
    assert len(soup.select("svg .chart__to-verify")) == 1


def test_the_purge_is_explained_and_reviewed(demo_data):
    purge = Event.objects.get(kind="purge")
    drop = purge.account.snapshots.get(recorded_on=purge.happened_on)
    assert (drop.review, drop.explained_by) == (ReviewStatus.CONFIRMED, purge)


def test_reloading_keeps_the_same_events_and_anomaly(demo_data):
    def state():
        return (
            list(Event.objects.order_by("pk").values_list("happened_on", "kind", "label")),
            list(FollowerSnapshot.objects.exclude(review="").values_list("pk", "review")),
        )

    first = state()
    call_command("load_demo", verbosity=0)
    assert state() == first
