"""Comparing 2 to 4 influencers: side by side, one chart per platform, clear refusals."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from influencers.charts import COMPARED_CHART_POINTS
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/influenceurs/comparer/"


@pytest.fixture
def platforms():
    return [
        factories.make_platform(name="Facebook", slug="facebook", position=1),
        factories.make_platform(name="Instagram", slug="instagram", position=2),
    ]


def influencer_on(platforms, slug, days=30, **fields):
    influencer = factories.make_influencer(slug=slug, name=slug.replace("-", " ").title(), **fields)
    for platform in platforms:
        account = factories.make_account(influencer=influencer, platform=platform)
        factories.make_history(account, days=days)
    return influencer


def compare(client, *slugs):
    return client.get(URL, {"i": list(slugs)})


def test_two_influencers_side_by_side_with_one_chart_per_platform(client, platforms):
    influencer_on(platforms, "thomas-pesquet")
    influencer_on(platforms[:1], "samantha-cristoforetti")
    response = compare(client, "thomas-pesquet", "samantha-cristoforetti")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Thomas Pesquet et Samantha Cristoforetti"
    sections = soup.select("section.chart-block")
    assert [section.h2.get_text(strip=True) for section in sections] == ["Facebook", "Instagram"]
    facebook_lines = sections[0].select("svg.chart__svg path[stroke-width]")
    assert len(facebook_lines) == 2
    assert facebook_lines[0]["stroke"] != facebook_lines[1]["stroke"]
    assert "Pas de compte suivi sur Instagram" in sections[1].get_text()
    assert len(sections[1].select("svg.chart__svg path[stroke-width]")) == 1


def test_a_single_influencer_asks_for_another_one(client, platforms):
    influencer_on(platforms, "thomas-pesquet")
    influencer_on(platforms, "samantha-cristoforetti")
    response = compare(client, "thomas-pesquet")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Choisissez au moins 2 influenceurs" in soup.select_one("[role=status]").text
    options = [
        option["value"] for option in soup.select("select[name=i] option") if option["value"]
    ]
    assert options == ["samantha-cristoforetti"]
    assert soup.select_one("input[type=hidden][name=i]")["value"] == "thomas-pesquet"
    assert not soup.select("svg.chart__svg")


def test_more_than_four_is_refused_with_a_message(client, platforms):
    slugs = [influencer_on(platforms, f"astronaute-{n}").slug for n in range(5)]
    response = compare(client, *slugs)
    assert response.status_code == 400
    assert "Comparez au plus 4 influenceurs" in response.text


def test_the_same_slug_twice_counts_once(client, platforms):
    influencer_on(platforms, "thomas-pesquet")
    response = compare(client, "thomas-pesquet", "thomas-pesquet")
    assert "Choisissez au moins 2 influenceurs" in response.text


@pytest.mark.parametrize("published", [True, False])
def test_unknown_or_unpublished_slugs_are_a_404_that_names_them(client, platforms, published):
    influencer_on(platforms, "thomas-pesquet")
    if not published:
        influencer_on(platforms, "brouillon", is_published=False)
    response = compare(client, "thomas-pesquet", "brouillon")
    assert response.status_code == 404
    assert "Influenceur inconnu : « brouillon »" in response.text
    assert "Brouillon" not in response.text


def test_influencer_page_links_to_the_comparison(client, platforms):
    influencer = influencer_on(platforms, "thomas-pesquet")
    soup = BeautifulSoup(client.get(influencer.get_absolute_url()).content, "html.parser")
    assert soup.find("a", href=f"{URL}?i=thomas-pesquet")


def queries_for(client, *slugs):
    with CaptureQueriesContext(connection) as context:
        assert compare(client, *slugs).status_code == 200
    return len(context)


def test_comparison_queries_do_not_grow_with_influencers_or_history(client, platforms):
    """Accounts, growth and histories of all compared influencers come in fixed queries."""
    influencer_on(platforms, "a", days=1)
    influencer_on(platforms, "b", days=1)
    short_histories = queries_for(client, "a", "b")
    for slug in ("c", "d"):
        influencer_on(platforms, slug, days=400)
    assert queries_for(client, "c", "d") == short_histories
    # Four leaves no one to add, so the picker's query goes: one fewer.
    assert queries_for(client, "a", "b", "c", "d") == short_histories - 1 <= 10


def test_compared_lines_are_drawn_from_fewer_points_than_a_single_history(client, platforms):
    """Four long lines on one chart: each from at most COMPARED_CHART_POINTS points, ends kept."""
    influencer_on(platforms[:1], "longue", days=400)
    influencer_on(platforms[:1], "courte", days=20)
    soup = BeautifulSoup(compare(client, "longue", "courte").content, "html.parser")
    long_line, short_line = soup.select("svg.chart__svg > path[stroke-width]")
    assert len(re.findall(r"[ML]", long_line["d"])) == COMPARED_CHART_POINTS
    assert len(re.findall(r"[ML]", short_line["d"])) == 20  # every day of a short history
    # The first and the latest snapshot stay: the long line spans the whole plot.
    assert long_line["d"].startswith("M64 ")
    assert re.search(r"L704 [\d.]+$", long_line["d"])
