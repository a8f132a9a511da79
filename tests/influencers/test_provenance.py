"""Provenance: every figure says where it comes from, and unmeasured ones look unmeasured."""

import csv
import datetime
import importlib
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from influencers.charts import build_chart
from influencers.models import (
    Event,
    FollowerSnapshot,
    PointProvenance,
    ReviewStatus,
    SnapshotSource,
)
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def account():
    influencer = factories.make_influencer(slug="astrid", name="Astrid")
    platform = factories.make_platform(slug="facebook", name="Facebook")
    account = factories.make_account(influencer, platform, handle="astrid")
    for offset, followers, source in [
        (2, 1000, SnapshotSource.STATEMENT),
        (1, 1100, SnapshotSource.ESTIMATE),
        (0, 1200, SnapshotSource.ILLUSTRATIVE),
    ]:
        factories.make_snapshot(
            account,
            DAY - datetime.timedelta(days=offset),
            followers,
            source=source,
            source_url="https://example.com/rapport" if offset == 2 else "",
            note="Rapport annuel" if offset == 2 else "",
        )
    return account


def test_csv_export_gives_each_figure_its_source_link_and_note(client, account):
    response = client.get("/influenceurs/astrid/abonnes.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["source"], row["source_label"]) for row in rows] == [
        ("statement", "déclaré par la plateforme"),
        ("estimate", "estimation"),
        ("illustrative", "illustratif (démonstration)"),
    ]
    assert rows[0]["source_url"] == "https://example.com/rapport"
    assert rows[0]["note"] == "Rapport annuel"


def test_json_export_gives_each_figure_its_source_and_the_labels(client, account):
    response = client.get("/influenceurs/astrid/abonnes.json")
    document = json.loads(b"".join(response.streaming_content))
    assert [snapshot["source"] for snapshot in document["snapshots"]] == [
        "statement", "estimate", "illustrative",
    ]  # fmt: skip
    assert document["snapshots"][0]["source_url"] == "https://example.com/rapport"
    assert document["sources"]["estimate"] == "estimation"


def test_influencer_page_shows_provenance_in_the_table_and_the_chart_data(client, account):
    soup = BeautifulSoup(client.get("/influenceurs/astrid/").content, "html.parser")
    latest_row = soup.select_one("#comptes ~ .table-scroll tbody tr").get_text(" ", strip=True)
    assert "illustratif (démonstration)" in latest_row
    chart_rows = [
        row.get_text(" ", strip=True) for row in soup.select("details.chart__data tbody tr")
    ]
    assert chart_rows[0].endswith("déclaré par la plateforme")
    assert chart_rows[1].endswith("estimation")
    assert chart_rows[2].endswith("illustratif (démonstration)")


def test_chart_draws_unmeasured_stretches_apart_with_a_legend(client, account):
    soup = BeautifulSoup(client.get("/influenceurs/astrid/").content, "html.parser")
    overlay = soup.select_one("svg.chart__svg path.chart__unmeasured")
    assert overlay is not None and overlay["stroke-dasharray"]
    assert soup.select_one("svg.chart__svg circle.chart__unmeasured-point"), "hollow last point"
    legend = soup.select_one(".chart__legend").get_text(" ", strip=True)
    assert "relevé mesuré" in legend and "non mesurée" in legend


def test_comparison_draws_unmeasured_stretches_and_anomalies_to_verify(client, account):
    """The comparison's lines carry their points' provenance as the influencer page's do."""
    other = factories.make_influencer(slug="basile", name="Basile")
    other_account = factories.make_account(other, account.platform, handle="basile")
    for offset, followers in [(2, 500), (1, 900), (0, 520)]:
        review = ReviewStatus.TO_REVIEW if offset == 1 else ReviewStatus.NONE
        factories.make_snapshot(
            other_account, DAY - datetime.timedelta(days=offset), followers, review=review
        )
    response = client.get("/influenceurs/comparer/", {"i": ["astrid", "basile"]})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("svg.chart__svg path.chart__unmeasured"), "Astrid's estimates"
    assert len(soup.select("svg.chart__svg g.chart__to-verify")) == 1, "Basile's spike"
    legend = soup.select_one(".chart__legend").get_text(" ", strip=True)
    assert "non mesurée" in legend and "à vérifier" in legend
    chart_rows = [
        row.get_text(" ", strip=True) for row in soup.select("details.chart__data tbody tr")
    ]
    assert [row.split(" 2024 ")[1] for row in chart_rows[:3]] == [
        "1\xa0000 déclaré par la plateforme",
        "1\xa0100 estimation",
        "1\xa0200 illustratif (démonstration)",
    ]


def point(day, source):
    return day, PointProvenance(source)


def test_unmeasured_path_covers_only_segments_touching_an_unmeasured_point():
    days = [DAY + datetime.timedelta(days=offset) for offset in range(5)]
    sources = ["manual", "manual", "estimate", "manual", "manual"]
    points = [(day, 100 + index) for index, day in enumerate(days)]
    provenance = dict(point(day, source) for day, source in zip(days, sources, strict=True))
    chart = build_chart([("X", "#000", points, provenance)])
    series = chart.series[0]
    # Segments 1→2 and 2→3 touch the estimate: one run of three points; 0→1 and 3→4 do not.
    assert series.unmeasured_path.count("M") == 1
    assert series.unmeasured_path.count("L") == 2
    assert [style for style, _label in chart.legend] == ["measured", "unmeasured"]


def test_an_all_measured_chart_has_no_overlay_and_a_one_line_legend():
    points = [(DAY, 10), (DAY + datetime.timedelta(days=1), 12)]
    chart = build_chart([("X", "#000", points)])
    assert chart.series[0].unmeasured_path == ""
    assert [style for style, _label in chart.legend] == ["measured"]


WHAT_BROWSERS_READ_OTHERWISE = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://x.org/f",
    "https://exemple.fr\\@evil.example/",  # a backslash: browsers read another host
]


@pytest.mark.parametrize("url", WHAT_BROWSERS_READ_OTHERWISE)
def test_source_link_must_be_a_web_address(url):
    snapshot = factories.make_snapshot()
    snapshot.source_url = url
    with pytest.raises(ValidationError) as error:
        snapshot.full_clean()
    assert "source_url" in error.value.message_dict


@pytest.mark.parametrize("url", WHAT_BROWSERS_READ_OTHERWISE)
def test_event_link_must_be_a_web_address(url):
    event = Event(happened_on=datetime.date(2024, 3, 10), label="Twitter devient X", url=url)
    with pytest.raises(ValidationError) as error:
        event.clean_fields()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x"])
def test_database_refuses_a_source_link_that_is_not_a_web_address(url):
    snapshot = factories.make_snapshot()
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowerSnapshot.objects.filter(pk=snapshot.pk).update(source_url=url)


def test_admin_explains_a_refused_source_link_in_french(client, superuser):
    account = factories.make_account()
    client.force_login(superuser)
    response = client.post(
        "/admin/influencers/followersnapshot/add/",
        {"account": account.pk, "recorded_on": "2024-01-01", "followers": "5",
         "source": "statement", "source_url": "javascript:alert(1)"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Saisissez une URL valide." in response.text
    assert not account.snapshots.exists()


def test_data_migration_maps_the_old_demo_source_to_illustrative():
    migration = importlib.import_module("influencers.migrations.0006_snapshot_provenance")
    old = factories.make_snapshot(source="demo")  # as stored before the migration
    kept = factories.make_snapshot(source="api")
    migration.rename_sources(migration.RENAMED)(django_apps, None)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.source, kept.source) == ("illustrative", "api")
