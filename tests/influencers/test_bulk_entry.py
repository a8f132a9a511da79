"""The bulk entry screen: one date, one input per active account, one transaction."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from influencers.models import FollowerSnapshot
from tests import factories
from tests.conftest import FROZEN_TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

URL = "/admin/influencers/followersnapshot/bulk-entry/"
TODAY = FROZEN_TODAY
LAST_WEEK = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def accounts(db):
    facebook = factories.make_platform(slug="facebook", name="Facebook", position=0)
    instagram = factories.make_platform(slug="instagram", name="Instagram", position=1)
    pesquet = factories.make_influencer(slug="thomas-pesquet", name="Thomas Pesquet")
    cristoforetti = factories.make_influencer(slug="samantha", name="Samantha Cristoforetti")
    accounts = {
        "pesquet-facebook": factories.make_account(influencer=pesquet, platform=facebook),
        "pesquet-instagram": factories.make_account(influencer=pesquet, platform=instagram),
        "samantha-facebook": factories.make_account(influencer=cristoforetti, platform=facebook),
    }
    factories.make_snapshot(accounts["pesquet-facebook"], LAST_WEEK, followers=1_500_000)
    factories.make_snapshot(accounts["pesquet-instagram"], LAST_WEEK, followers=512_000)
    factories.make_account(influencer=pesquet, platform=facebook, is_active=False, handle="vieux")
    return accounts


def field(account):
    return f"count_{account.pk}"


def table_rows(response):
    body = BeautifulSoup(response.text, "html.parser").find("table", id="result_list").tbody
    return [
        [cell.get_text(" ", strip=True).replace("\xa0", " ") for cell in row.find_all(["th", "td"])]
        for row in body.find_all("tr")
    ]


def errors_of(response):
    page = BeautifulSoup(response.text, "html.parser").find(id="content-main")
    return [item.get_text(strip=True) for item in page.select(".errorlist li")]


def test_every_active_account_is_listed_with_its_latest_count(client, data_user, accounts):
    client.force_login(data_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert [row[:4] for row in table_rows(response)] == [
        ["Samantha Cristoforetti — Facebook", accounts["samantha-facebook"].handle, "—", "—"],
        ["Thomas Pesquet — Facebook", accounts["pesquet-facebook"].handle, "1 500 000",
         LAST_WEEK.strftime("%d/%m/%Y")],
        ["Thomas Pesquet — Instagram", accounts["pesquet-instagram"].handle, "512 000",
         LAST_WEEK.strftime("%d/%m/%Y")],
    ]  # fmt: skip
    date_input = BeautifulSoup(response.text, "html.parser").find("input", {"name": "recorded_on"})
    assert date_input["value"] == TODAY.isoformat()


def test_accounts_can_be_filtered_by_influencer_and_platform(client, data_user, accounts):
    client.force_login(data_user)
    pesquet = accounts["pesquet-facebook"].influencer
    facebook = accounts["pesquet-facebook"].platform
    assert len(table_rows(client.get(URL, {"influencer": pesquet.pk}))) == 2
    rows = table_rows(client.get(URL, {"influencer": pesquet.pk, "platform": facebook.pk}))
    assert [row[0] for row in rows] == ["Thomas Pesquet — Facebook"]


def test_saving_creates_and_updates_the_filled_rows_only(client, data_user, accounts):
    factories.make_snapshot(accounts["pesquet-instagram"], TODAY, followers=515_000)
    client.force_login(data_user)
    response = client.post(
        URL,
        {
            "recorded_on": TODAY.isoformat(),
            field(accounts["pesquet-facebook"]): "1 510 000",
            field(accounts["pesquet-instagram"]): "520.000",
            field(accounts["samantha-facebook"]): "",
        },
        follow=True,
    )
    day = TODAY.strftime("%d/%m/%Y")
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        f"Relevés du {day} créés (1) : Thomas Pesquet — Facebook (1\xa0510\xa0000)",
        f"Relevés du {day} mis à jour (1) : Thomas Pesquet — Instagram (520\xa0000)",
    ]
    created = accounts["pesquet-facebook"].snapshots.get(recorded_on=TODAY)
    assert (created.followers, created.recorded_by, created.source) == (
        1_510_000,
        data_user,
        "manual",
    )
    updated = accounts["pesquet-instagram"].snapshots.get(recorded_on=TODAY)
    assert (updated.followers, updated.updated_by) == (520_000, data_user)
    assert not accounts["samantha-facebook"].snapshots.exists()


def test_one_bad_count_writes_nothing_and_says_which_row(client, data_user, accounts):
    client.force_login(data_user)
    response = client.post(
        URL,
        {
            "recorded_on": TODAY.isoformat(),
            field(accounts["pesquet-facebook"]): "1 510 000",
            field(accounts["pesquet-instagram"]): "beaucoup",
            field(accounts["samantha-facebook"]): "-12",
        },
    )
    assert response.status_code == 200
    assert "Rien n'a été enregistré : corrigez les lignes signalées." in response.text
    assert errors_of(response) == [
        "Le nombre d'abonnés ne peut pas être négatif.",  # Samantha Cristoforetti comes first
        "« beaucoup » n'est pas un nombre entier d'abonnés.",
    ]
    assert FollowerSnapshot.objects.count() == 2
    # What was typed stays in place, to be corrected rather than typed again.
    assert (
        BeautifulSoup(response.text, "html.parser").find(
            "input", {"name": field(accounts["pesquet-facebook"])}
        )["value"]
        == "1 510 000"
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "est dans le futur."),
        ("", "Ce champ est obligatoire."),
        ("hier", "Saisissez une date valide."),
    ],
)
def test_a_bad_batch_date_writes_nothing(client, data_user, accounts, day, message):
    client.force_login(data_user)
    response = client.post(
        URL, {"recorded_on": str(day), field(accounts["pesquet-facebook"]): "1 510 000"}
    )
    assert any(message in error for error in errors_of(response))
    assert FollowerSnapshot.objects.count() == 2


def test_an_empty_batch_is_an_error(client, data_user, accounts):
    client.force_login(data_user)
    response = client.post(URL, {"recorded_on": TODAY.isoformat()})
    assert errors_of(response) == ["Saisissez au moins un nombre d'abonnés."]


def test_a_count_far_from_the_previous_one_needs_a_confirmation(client, data_user, accounts):
    client.force_login(data_user)
    typo = {
        "recorded_on": TODAY.isoformat(),
        field(accounts["pesquet-facebook"]): "15 100 000",  # one zero too many
        field(accounts["pesquet-instagram"]): "513 000",
    }
    response = client.post(URL, typo)
    assert response.status_code == 200
    assert errors_of(response) == [
        "Une valeur semble suspecte : vérifiez-la, puis cochez la case de confirmation pour "
        "l'enregistrer.",
        f"15\xa0100\xa0000 diffère de plus de ×3 du relevé précédent (1\xa0500\xa0000 le "
        f"{LAST_WEEK:%d/%m/%Y}).",
    ]
    assert BeautifulSoup(response.text, "html.parser").find("input", {"name": "confirm_suspicious"})
    assert FollowerSnapshot.objects.count() == 2

    client.post(URL, {**typo, "confirm_suspicious": "on"})
    assert accounts["pesquet-facebook"].snapshots.latest().followers == 15_100_000
    assert accounts["pesquet-instagram"].snapshots.latest().followers == 513_000


def test_a_sharp_drop_is_suspicious_too(client, data_user, accounts):
    client.force_login(data_user)
    response = client.post(
        URL, {"recorded_on": TODAY.isoformat(), field(accounts["pesquet-instagram"]): "51 200"}
    )
    assert "diffère de plus de ×3 du relevé précédent" in errors_of(response)[1]
    assert FollowerSnapshot.objects.count() == 2


def test_a_back_dated_count_outside_its_neighbours_needs_a_confirmation(
    client, data_user, accounts
):
    account = accounts["pesquet-facebook"]
    factories.make_snapshot(account, LAST_WEEK - datetime.timedelta(days=7), followers=1_400_000)
    client.force_login(data_user)
    between = (LAST_WEEK - datetime.timedelta(days=3)).isoformat()
    response = client.post(URL, {"recorded_on": between, field(account): "1 600 000"})
    assert errors_of(response)[1] == (
        f"Date antérieure au relevé du {LAST_WEEK:%d/%m/%Y} (1\xa0500\xa0000) : 1\xa0600\xa0000 "
        "ne s'inscrit pas entre les relevés voisins."
    )
    assert account.snapshots.count() == 2
    response = client.post(URL, {"recorded_on": between, field(account): "1 450 000"})
    assert response.status_code == 302
    assert account.snapshots.get(recorded_on=between).followers == 1_450_000


def test_the_suspicion_ratio_is_a_setting(client, data_user, accounts, settings):
    settings.FOLLOWER_SUSPICIOUS_RATIO = 20
    client.force_login(data_user)
    response = client.post(
        URL, {"recorded_on": TODAY.isoformat(), field(accounts["pesquet-facebook"]): "15 100 000"}
    )
    assert response.status_code == 302
    assert accounts["pesquet-facebook"].snapshots.latest().followers == 15_100_000


def build_accounts(count):
    platform = factories.make_platform()
    built = []
    for _ in range(count):
        account = factories.make_account(platform=platform)
        factories.make_snapshot(account, LAST_WEEK, followers=1000)
        built.append(account)
    return built


def queries_for(client, method, data=None):
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(URL, data)
    assert response.status_code in (200, 302)
    return len(context)


def test_the_screen_and_its_save_run_a_constant_number_of_queries(client, data_user):
    """No query per account: listing, checking and saving 50 rows costs what 2 rows cost."""
    client.force_login(data_user)
    small = build_accounts(2)
    small_counts = [
        queries_for(client, "get"),
        queries_for(client, "post", {"recorded_on": TODAY.isoformat(),
                                     **{field(account): "1100" for account in small}}),
    ]  # fmt: skip
    FollowerSnapshot.objects.all().delete()
    large = build_accounts(48) + small
    large_counts = [
        queries_for(client, "get"),
        queries_for(client, "post", {"recorded_on": TODAY.isoformat(),
                                     **{field(account): "1100" for account in large}}),
    ]  # fmt: skip
    assert small_counts == large_counts
    assert FollowerSnapshot.objects.filter(recorded_on=TODAY).count() == 50


def test_five_hundred_accounts_fit_on_one_screen_and_save_at_once(client, data_user):
    accounts = build_accounts(500)
    client.force_login(data_user)
    assert len(table_rows(client.get(URL))) == 500
    counts = {field(account): str(1000 + index) for index, account in enumerate(accounts)}
    response = client.post(URL, {"recorded_on": TODAY.isoformat(), **counts})
    assert response.status_code == 302
    assert FollowerSnapshot.objects.filter(recorded_on=TODAY).count() == 500


def test_a_snapshot_recorded_meanwhile_is_reported_not_a_server_error(
    client, data_user, accounts, monkeypatch
):
    from influencers import bulk_entry

    account = accounts["samantha-facebook"]
    find_existing = bulk_entry.find_existing

    def racing_find_existing(rows):
        planned = find_existing(rows)
        factories.make_snapshot(account, TODAY, followers=1)  # another tab, same account
        return planned

    monkeypatch.setattr(bulk_entry, "find_existing", racing_find_existing)
    client.force_login(data_user)
    response = client.post(URL, {"recorded_on": TODAY.isoformat(), field(account): "700 000"})
    assert response.status_code == 200
    assert errors_of(response) == [
        "Des relevés ont été modifiés pendant l'enregistrement ; rien n'a été enregistré, "
        "recommencez."
    ]
    assert not account.snapshots.filter(followers=700_000).exists()


def test_more_accounts_than_a_page_holds_are_paginated_and_saved_page_by_page(
    client, data_user, accounts, monkeypatch
):
    monkeypatch.setattr("influencers.admin.BULK_ENTRY_PAGE_SIZE", 2)
    client.force_login(data_user)
    second_page = client.get(URL, {"page": 2})
    assert [row[0] for row in table_rows(second_page)] == ["Thomas Pesquet — Instagram"]
    assert "Page 2 sur 2" in second_page.text
    instagram = accounts["pesquet-instagram"]
    response = client.post(
        f"{URL}?page=2", {"recorded_on": TODAY.isoformat(), field(instagram): "520 000"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?page=2"
    assert instagram.snapshots.latest().followers == 520_000
