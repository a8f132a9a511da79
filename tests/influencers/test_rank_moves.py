"""Platform rankings: moves in rank over 30 days, and the ranking by growth percentage."""

import pytest
from bs4 import BeautifulSoup

from influencers.models import Account, number_ranks
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db


def ranked_account(platform, name, month_ago, today):
    account = factories.make_account(
        influencer=factories.make_influencer(name=name), platform=platform
    )
    if month_ago is not None:
        factories.make_snapshot(account, recorded_on=days_ago(31), followers=month_ago)
    factories.make_snapshot(account, recorded_on=days_ago(0), followers=today)
    return account


def rows(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [
        [row.th.get_text(strip=True)] + [cell.get_text(" ", strip=True) for cell in row("td")]
        for row in soup.select("tbody tr")
    ]


def test_count_ranking_shows_each_move_since_30_days_ago(client, facebook):
    # Now: C 2 M, A 1 M, E 960 k, B 950 k, D 500 k.
    # Then: B 1,2 M, A 900 k, D 500 k, E 100 k (C had no count).
    ranked_account(facebook, "A", 900_000, 1_000_000)
    ranked_account(facebook, "B", 1_200_000, 950_000)
    ranked_account(facebook, "C", None, 2_000_000)
    ranked_account(facebook, "D", 500_000, 500_000)
    ranked_account(facebook, "E", 100_000, 960_000)
    moves = {row[0]: row[2] for row in rows(client, "/plateformes/facebook/")}
    assert moves == {
        "C": "nouveau",
        "A": "= même rang",
        "E": "▲ 1 place gagnée",
        "B": "▼ 3 places perdues",
        "D": "▼ 2 places perdues",
    }


def test_moves_count_every_ranked_account_not_only_the_page(client, facebook):
    for number in range(55):
        ranked_account(facebook, f"Compte {number:02}", 1_000 + number, 1_000 + number)
    ranked_account(facebook, "Fusée", 10, 5_000)  # last a month ago, first today
    second_page = rows(client, "/plateformes/facebook/?page=2")
    assert second_page[0][:3] == ["Compte 05", "51", "▼ 1 place perdue"]
    assert second_page[-1][:3] == ["Compte 00", "56", "▼ 1 place perdue"]
    ranked = list(Account.objects.filter(platform=facebook).ranked())
    number_ranks(ranked, 1)
    assert (ranked[0].influencer.name, ranked[0].rank_move) == ("Fusée", 55)


def test_percentage_ranking_lets_a_small_account_lead(client, facebook):
    ranked_account(facebook, "Grand", 1_000_000, 1_500_000)  # +50 %
    ranked_account(facebook, "Petit", 1_000, 2_000)  # +100 %
    ranked_account(facebook, "En baisse", 10_000, 9_000)  # −10 %
    ranked_account(facebook, "Nouveau", None, 50_000)  # no base
    ranked_account(facebook, "Parti de zéro", 0, 500)  # no percentage from 0
    names = [row[0] for row in rows(client, "/plateformes/facebook/?tri=pourcentage")]
    assert names[:3] == ["Petit", "Grand", "En baisse"]
    assert set(names[3:]) == {"Nouveau", "Parti de zéro"}


def test_percentage_ranking_is_offered_and_marked_current(client, facebook):
    ranked_account(facebook, "Petit", 1_000, 2_000)
    soup = BeautifulSoup(
        client.get("/plateformes/facebook/?tri=pourcentage").content, "html.parser"
    )
    assert soup.select_one(".sort-switch [aria-current=page]")["href"].endswith("?tri=pourcentage")
    assert "Évolution du rang" not in soup.select_one("thead").get_text()


def test_percentage_pagination_keeps_the_sort(client, facebook):
    for number in range(51):
        ranked_account(facebook, f"Compte {number:02}", 1000, 1000 + number)
    soup = BeautifulSoup(
        client.get("/plateformes/facebook/?tri=pourcentage").content, "html.parser"
    )
    assert soup.select_one("a[rel=next]")["href"] == "?tri=pourcentage&page=2"


@pytest.mark.parametrize("order", ["", "?tri=croissance", "?tri=pourcentage"])
def test_ranking_queries_stay_constant_with_moves(
    client, facebook, order, django_assert_num_queries
):
    ranked_account(facebook, "Seul", 10, 20)
    url = f"/plateformes/facebook/{order}"
    with django_assert_num_queries(3):
        client.get(url)
    for number in range(30):
        account = ranked_account(facebook, f"Compte {number}", 10 + number, 20)
        factories.make_history(account, days=25, end=days_ago(1))
    with django_assert_num_queries(3):
        client.get(url)


def test_count_ranking_has_a_column_for_rank_moves(client, facebook):
    ranked_account(facebook, "Petit", 1_000, 2_000)
    soup = BeautifulSoup(client.get("/plateformes/facebook/").content, "html.parser")
    assert "Évolution du rang sur 30 jours" in soup.select_one("thead").get_text()
