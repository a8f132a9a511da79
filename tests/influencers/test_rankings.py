"""Platform rankings: by latest count, or by 30-day gain with ?tri=croissance."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db


def ranked_account(platform, name, month_ago, today, published=True):
    influencer = factories.make_influencer(name=name, is_published=published)
    account = factories.make_account(influencer=influencer, platform=platform)
    factories.make_snapshot(account, recorded_on=days_ago(30), followers=month_ago)
    factories.make_snapshot(account, recorded_on=days_ago(0), followers=today)
    return account


def ranked_names(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [row.th.get_text(strip=True) for row in soup.select("tbody tr")]


def test_ranking_orders_by_latest_count_by_default(client, facebook):
    ranked_account(facebook, "Grande audience", 900_000, 1_000_000)
    ranked_account(facebook, "Forte croissance", 100_000, 300_000)
    ranked_account(facebook, "Stable", 500_000, 500_000)
    assert ranked_names(client, "/plateformes/facebook/") == [
        "Grande audience", "Stable", "Forte croissance",
    ]  # fmt: skip


def test_growth_sort_orders_by_followers_gained_in_30_days(client, facebook):
    ranked_account(facebook, "Grande audience", 900_000, 1_000_000)  # +100 000
    ranked_account(facebook, "Forte croissance", 100_000, 300_000)  # +200 000
    ranked_account(facebook, "Stable", 500_000, 500_000)  # 0
    assert ranked_names(client, "/plateformes/facebook/?tri=croissance") == [
        "Forte croissance", "Grande audience", "Stable",
    ]  # fmt: skip


def test_growth_sort_puts_accounts_without_a_month_of_history_last(client, facebook):
    newcomer = factories.make_account(
        influencer=factories.make_influencer(name="Nouveau venu"), platform=facebook
    )
    factories.make_snapshot(newcomer, followers=9_000_000)
    ranked_account(facebook, "Stable", 500_000, 500_000)
    assert ranked_names(client, "/plateformes/facebook/?tri=croissance") == [
        "Stable", "Nouveau venu",
    ]  # fmt: skip


def test_sort_switch_marks_the_current_order_and_an_unknown_one_falls_back(client, facebook):
    ranked_account(facebook, "Grande audience", 900_000, 1_000_000)
    soup = BeautifulSoup(client.get("/plateformes/facebook/?tri=croissance").content, "html.parser")
    assert soup.select_one(".sort-switch [aria-current=page]")["href"].endswith("?tri=croissance")
    response = client.get("/plateformes/facebook/?tri=n-importe-quoi")
    assert response.status_code == 200
    current = BeautifulSoup(response.content, "html.parser").select_one("[aria-current=page]")
    assert current["href"] == "/plateformes/facebook/"


def test_ranking_shows_the_30_day_change_and_percentage(client, facebook):
    ranked_account(facebook, "Forte croissance", 100_000, 300_000)
    text = client.get("/plateformes/facebook/").text.replace("\u202f", " ").replace("\xa0", " ")
    assert "+200 000" in text and "+200,0 %" in text


def test_unpublished_influencers_and_unknown_platforms_stay_out(client, facebook):
    ranked_account(facebook, "Caché", 1, 2, published=False)
    assert "Caché" not in client.get("/plateformes/facebook/").text
    assert client.get("/plateformes/inconnue/").status_code == 404


def test_growth_pagination_keeps_the_sort(client, facebook):
    for number in range(51):
        ranked_account(facebook, f"Compte {number:02}", 1000, 1000 + number)
    soup = BeautifulSoup(client.get("/plateformes/facebook/?tri=croissance").content, "html.parser")
    assert soup.select_one("a[rel=next]")["href"] == "?tri=croissance&page=2"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/plateformes/facebook/", "/plateformes/facebook/?tri=croissance"])
def test_ranking_queries_do_not_grow_with_accounts_or_history(client, facebook, url):
    """Latest counts and gains are subqueries of one query, not one query per row."""
    ranked_account(facebook, "Seul", 10, 20)
    one = queries_for(client, url)
    for number in range(20):
        account = ranked_account(facebook, f"Compte {number}", 10, 20)
        factories.make_history(account, days=25, end=days_ago(1))
    assert queries_for(client, url) == one <= 10
