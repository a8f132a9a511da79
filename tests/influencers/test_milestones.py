"""Milestones: the first day each account reached a round number, on the page and in the feed."""

import datetime
import re

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from influencers.milestones import attach_milestones, milestones_of, next_threshold
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


def on(offset):
    return DAY + datetime.timedelta(days=offset)


def account_with(counts_by_offset, **fields):
    account = factories.make_account(**fields)
    for offset, followers in counts_by_offset.items():
        factories.make_snapshot(account, recorded_on=on(offset), followers=followers)
    return account


def reached(account):
    (account,) = attach_milestones([account])
    return [(milestone.threshold, milestone.reached_on) for milestone in account.milestones]


def test_a_single_snapshot_reaches_every_threshold_below_it_that_day():
    account = account_with({0: 120_000})
    assert reached(account) == [(10_000, on(0)), (50_000, on(0)), (100_000, on(0))]


def test_exactly_the_threshold_counts_as_reached():
    account = account_with({0: 9_999, 1: 10_000})
    assert reached(account) == [(10_000, on(1))]


def test_falling_back_below_then_climbing_again_keeps_the_first_date():
    account = account_with({0: 40_000, 5: 51_000, 9: 48_000, 20: 52_000, 30: 100_500})
    assert reached(account) == [(10_000, on(0)), (50_000, on(5)), (100_000, on(30))]


def test_an_account_under_every_threshold_has_no_milestone():
    account = account_with({0: 9_000, 1: 9_999})
    assert reached(account) == []


def test_milestones_of_several_accounts_take_one_query_newest_first():
    first = account_with({0: 12_000, 10: 60_000})
    second = account_with({0: 1_000, 4: 30_000})
    with CaptureQueriesContext(connection) as queries:
        milestones = milestones_of([first, second])
    assert len(queries) == 1
    assert [(m.account, m.threshold, m.reached_on) for m in milestones] == [
        (first, 50_000, on(10)),
        (second, 10_000, on(4)),
        (first, 10_000, on(0)),
    ]


def test_next_threshold_is_the_first_round_number_above_the_count():
    assert next_threshold(0) == 10_000
    assert next_threshold(10_000) == 50_000
    assert next_threshold(999_999) == 1_000_000
    assert next_threshold(10**10) is None


def text_of(response):
    return re.sub(r"[\u00a0\u202f]", " ", response.text)


def test_influencer_page_lists_milestones_with_french_dates(client):
    platform = factories.make_platform(name="Instagram", audience_word="abonnés")
    account = account_with({0: 40_000, 5: 1_000_000}, platform=platform)
    response = client.get(account.influencer.get_absolute_url())
    text = text_of(response)
    assert "Jalons franchis" in text
    assert f'id="jalon-{account.pk}-1000000"' in text
    assert re.search(r"1 M abonnés</td><td><time datetime=\"2026-03-06\">6 mars 2026", text)
    assert "10 k abonnés" in text


def test_influencer_page_says_when_no_threshold_was_reached(client):
    account = account_with({0: 400})
    assert "Aucun compte n'a encore atteint 10 000 abonnés" in text_of(
        client.get(account.influencer.get_absolute_url())
    )


def test_influencer_feed_announces_milestones_between_articles(client, settings):
    settings.SITE_URL = "https://blog.example.org"
    influencer = factories.make_influencer(slug="thomas-pesquet", name="Thomas Pesquet")
    platform = factories.make_platform(name="Instagram")
    account = account_with({0: 9_000, 3: 10_500}, influencer=influencer, platform=platform)
    hidden = account_with({0: 90_000}, influencer=influencer, is_active=False)
    factories.make_article(
        title="Un article", published_at=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    ).influencers.add(influencer)

    feed = feedparser.parse(client.get("/influenceurs/thomas-pesquet/feed/").content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [
        "Thomas Pesquet dépasse 10\u00a0k abonnés sur Instagram",
        "Un article",
    ]
    assert feed.entries[0].link == (
        f"https://blog.example.org/influenceurs/thomas-pesquet/#jalon-{account.pk}-10000"
    )
    assert feed.entries[0].published_parsed[:3] == (2026, 3, 4)
    assert hidden.platform.name not in str(feed.entries)
