"""Accounts whose latest count is too old are listed for the data staff."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.formats import date_format

from influencers.models import Account
from tests import factories
from tests.conftest import FROZEN_TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

URL = "/admin/influencers/followersnapshot/stale/"
TODAY = FROZEN_TODAY


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def accounts(db):
    def account_recorded(name, *days, **fields):
        influencer = factories.make_influencer(name=name)
        account = factories.make_account(influencer=influencer, **fields)
        for index, day in enumerate(days):
            factories.make_snapshot(account, days_ago(day), followers=1000 + index)
        return account

    return {
        "fresh": account_recorded("Frais", 60, 3),
        "limit": account_recorded("Pile à la limite", 30),
        "old": account_recorded("Ancien", 400, 31),
        "older": account_recorded("Très ancien", 90),
        "never": account_recorded("Jamais relevé"),
        "inactive": account_recorded("Inactif", 200, is_active=False),
    }


def test_stale_accounts_are_the_active_ones_not_updated_for_too_long(accounts):
    stale = list(Account.objects.stale())
    assert stale == [accounts["never"], accounts["older"], accounts["old"]]
    assert stale[2].latest_recorded_on == days_ago(31)
    assert stale[2].latest_followers == 1001


def test_the_staleness_delay_is_a_setting(accounts, settings):
    settings.FOLLOWER_STALE_AFTER_DAYS = 2
    assert accounts["fresh"] in Account.objects.stale()
    assert accounts["limit"] in Account.objects.stale()


def test_the_admin_page_lists_them_oldest_first_with_a_link_to_update(client, data_user, accounts):
    client.force_login(data_user)
    response = client.get(URL)
    assert response.status_code == 200
    body = BeautifulSoup(response.text, "html.parser").find("table", id="result_list").tbody
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in body("tr")
    ]
    assert [row[0].split(" — ")[0] for row in rows] == ["Jamais relevé", "Très ancien", "Ancien"]
    assert rows[0][3] == "jamais relevé"
    assert rows[2][3] == days_ago(31).strftime("%d/%m/%Y")
    old = accounts["old"]
    link = body.find_all("tr")[2].find("a", string="Saisir")["href"]
    assert link == (
        f"/admin/influencers/followersnapshot/bulk-entry/"
        f"?influencer={old.influencer_id}&platform={old.platform_id}"
    )


def test_the_page_runs_a_constant_number_of_queries(client, data_user, accounts):
    """No query per listed account for its influencer, platform or latest snapshot."""
    client.force_login(data_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(20):
        factories.make_snapshot(factories.make_account(), days_ago(100))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(few) == len(many)


def test_the_snapshot_list_links_to_the_data_screens(client, data_user):
    client.force_login(data_user)
    response = client.get("/admin/influencers/followersnapshot/")
    for url in ("bulk-entry/", "import/", "stale/"):
        assert f'href="/admin/influencers/followersnapshot/{url}"' in response.text


def test_the_account_list_filters_stale_accounts_and_shows_the_latest_date(
    client, data_user, accounts
):
    client.force_login(data_user)
    response = client.get("/admin/influencers/account/", {"fraicheur": "a-mettre-a-jour"})
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {
        accounts["never"], accounts["older"], accounts["old"],
    }  # fmt: skip
    assert date_format(days_ago(31), "DATE_FORMAT") in response.text


def test_admin_index_links_data_staff_to_their_screens(client, data_user):
    client.force_login(data_user)
    text = client.get("/admin/").text
    assert "/admin/influencers/followersnapshot/bulk-entry/" in text
    assert "/admin/influencers/followersnapshot/import/" in text
    assert "/admin/influencers/followersnapshot/stale/" in text


def test_admin_index_hides_follower_screens_from_authors(client, author_user):
    client.force_login(author_user)
    assert "bulk-entry" not in client.get("/admin/").text


def test_update_link_keeps_large_ids_unformatted(client, data_user):
    """French number grouping must not leak into URLs (1205 is not « 1 205 »)."""
    influencer = factories.make_influencer(pk=1205)
    account = factories.make_account(influencer=influencer, pk=4321)
    factories.make_snapshot(account, days_ago(100))
    client.force_login(data_user)
    soup = BeautifulSoup(client.get(URL).text, "html.parser")
    link = soup.find("a", string="Saisir")["href"]
    assert link.endswith(f"?influencer=1205&platform={account.platform_id}")


def test_chart_anchors_keep_large_ids_unformatted(client):
    account = factories.make_account(pk=4321)
    factories.make_history(account, days=10)
    soup = BeautifulSoup(client.get(account.influencer.get_absolute_url()).text, "html.parser")
    assert soup.find(id=f"historique-{account.platform.slug}-4321") is not None
