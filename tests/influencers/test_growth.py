"""Latest counts and growth over 7, 30 and 365 days, on the influencer page and directory."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from influencers.history import SPARKLINE_WEEKS
from influencers.models import Account, Growth
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db


def account_with(counts_by_age):
    account = factories.make_account()
    for age, followers in counts_by_age.items():
        factories.make_snapshot(account, recorded_on=days_ago(age), followers=followers)
    return Account.objects.with_growth().get(pk=account.pk)


def test_growth_compares_with_the_latest_count_at_least_that_old():
    # 10 days ago is the latest count at least 7 days old; 400 days ago the one a year old.
    account = account_with({0: 1500, 3: 1450, 10: 1400, 30: 1000, 400: 500})
    assert account.latest_followers == 1500
    assert account.latest_recorded_on == days_ago(0)
    assert account.growth_periods == [
        Growth(7, 100, 100 * 100 / 1400),
        Growth(30, 500, 50.0),
        Growth(365, 1000, 200.0),
    ]


def test_growth_is_unknown_before_the_history_starts():
    account = account_with({0: 1200, 8: 1000})
    assert account.growth_periods == [
        Growth(7, 200, 20.0),
        Growth(30, None, None),
        Growth(365, None, None),
    ]


def test_growth_from_zero_has_a_change_but_no_percentage():
    account = account_with({0: 50, 7: 0})
    assert account.growth_periods[0] == Growth(7, 50, None)


def test_influencer_page_prints_growth_in_french(client):
    account = account_with({0: 1_500_000, 7: 1_200_000})
    text = re.sub(r"[\u00a0\u202f]", " ", client.get(account.influencer.get_absolute_url()).text)
    assert "+300 000" in text
    assert "+25,0 %" in text


def test_directory_cards_carry_a_sparkline_per_account_with_history(client):
    account = factories.make_account()
    factories.make_history(account, days=90)
    factories.make_account()  # no history: no sparkline, no error
    soup = BeautifulSoup(client.get("/influenceurs/").content, "html.parser")
    sparklines = soup.select(".influencer-card svg.sparkline path")
    assert len(sparklines) == 1
    assert sparklines[0]["stroke"] == account.platform.color
    # A point a week over the last 12 weeks, ending on the latest count.
    assert len(re.findall(r"[ML]", sparklines[0]["d"])) == SPARKLINE_WEEKS + 1


def build_influencers(count, days):
    platform = factories.make_platform()
    for _ in range(count):
        influencer = factories.make_influencer()
        for other_platform in (platform, factories.make_platform()):
            account = factories.make_account(influencer=influencer, platform=other_platform)
            factories.make_history(account, days=days)
    return influencer


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_influencer_page_queries_do_not_grow_with_history(client):
    """The history chart reads every account's points in one query, not one per account."""
    short = build_influencers(1, days=1)
    long = build_influencers(1, days=800)
    small, large = (
        queries_for(client, short.get_absolute_url()),
        queries_for(client, long.get_absolute_url()),
    )
    assert small == large <= 10


def test_directory_queries_do_not_grow_with_influencers(client):
    """Sparklines come from one query for the whole page, not one per card."""
    build_influencers(1, days=30)
    one = queries_for(client, "/influenceurs/")
    build_influencers(12, days=30)
    assert queries_for(client, "/influenceurs/") == one <= 10


def test_a_tiny_loss_rounds_to_zero_without_a_sign(client):
    account = account_with({0: 99_999, 7: 100_000})
    text = client.get(account.influencer.get_absolute_url()).text
    assert "0,0 %" in text and "−0,0 %" not in text


def test_unpublished_influencer_page_is_a_404(client):
    hidden = factories.make_influencer(is_published=False)
    factories.make_history(factories.make_account(hidden), days=3)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def article_featuring(count, days):
    article = factories.make_article()
    for _ in range(count):
        influencer = factories.make_influencer()
        factories.make_history(factories.make_account(influencer), days=days)
        article.influencers.add(influencer)
    return article


def test_article_page_shows_cards_with_sparklines_for_published_influencers_only(client):
    article = article_featuring(1, days=30)
    hidden = factories.make_influencer(name="Profil caché", is_published=False)
    article.influencers.add(hidden)
    soup = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    cards = soup.select(".related .influencer-card")
    assert len(cards) == 1
    assert cards[0].select("svg.sparkline path")
    assert "Profil caché" not in soup.get_text()


def test_article_page_cards_queries_do_not_grow_with_influencers(client):
    """Accounts and sparklines of all featured influencers come in two queries, not per card."""
    small = article_featuring(1, days=2).get_absolute_url()
    client.get(small)  # warm Django's per-process caches (content types) first
    one = queries_for(client, small)
    many = queries_for(client, article_featuring(6, days=120).get_absolute_url())
    assert one == many <= 10
