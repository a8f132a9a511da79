"""Data staff review anomalies in the admin: confirm (with an event) or correct."""

import datetime

import pytest
from bs4 import BeautifulSoup

from influencers.models import Event, EventKind, FollowerSnapshot, ReviewStatus
from tests import factories

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/influencers/followersnapshot/anomalies/"
START = datetime.date(2024, 1, 1)


@pytest.fixture
def spike():
    influencer = factories.make_influencer(slug="astrid", name="Astrid")
    platform = factories.make_platform(slug="facebook", name="Facebook")
    account = factories.make_account(influencer, platform)
    for offset in range(10):
        factories.make_snapshot(account, START + datetime.timedelta(days=offset), 100_000 + offset)
    return factories.make_snapshot(
        account, START + datetime.timedelta(days=10), 150_000, review=ReviewStatus.TO_REVIEW
    )


def review_url(snapshot):
    return f"/admin/influencers/followersnapshot/{snapshot.pk}/verifier/"


def test_data_staff_see_the_list_with_the_count_before(client, data_user, spike):
    client.force_login(data_user)
    page = BeautifulSoup(client.get(LIST_URL).content, "html.parser")
    [row] = page.select("#result_list tbody tr")
    cells = [
        cell.get_text(" ", strip=True).replace("\xa0", " ") for cell in row.find_all(["th", "td"])
    ]
    assert cells[:4] == ["Astrid — Facebook", "11/01/2024", "150 000", "100 009 (10/01/2024)"]
    assert row.a["href"] == review_url(spike)


def test_the_changelist_links_to_the_review_list(client, data_user, spike):
    client.force_login(data_user)
    page = client.get("/admin/influencers/followersnapshot/").text
    assert f'href="{LIST_URL}"' in page


def test_review_page_shows_the_rule_figures_and_the_context(client, data_user, spike):
    client.force_login(data_user)
    page = BeautifulSoup(client.get(review_url(spike)).content, "html.parser")
    text = page.select_one("#content-main").get_text(" ", strip=True).replace("\u202f", " ")
    assert "Variation : 49 991 abonnés par jour" in text.replace("\xa0", " ")
    assert len(page.select("#review-context tbody tr")) == 1 + 8


def test_confirming_with_a_new_event_links_it(client, data_user, spike):
    client.force_login(data_user)
    response = client.post(
        review_url(spike),
        {"decision": "confirm", "new_event_kind": EventKind.OTHER,
         "new_event_label": "Jeu concours", "new_event_url": "https://example.com/jeu"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == LIST_URL
    spike.refresh_from_db()
    event = Event.objects.get()
    assert (spike.review, spike.reviewed_by, spike.explained_by) == ("confirmed", data_user, event)
    assert (event.account, event.happened_on, event.created_by) == (
        spike.account, spike.recorded_on, data_user,
    )  # fmt: skip


def test_confirming_with_an_existing_platform_event(client, data_user, spike):
    purge = Event.objects.create(
        happened_on=spike.recorded_on, kind=EventKind.PURGE, label="Purge",
        platform=spike.account.platform,
    )  # fmt: skip
    client.force_login(data_user)
    client.post(review_url(spike), {"decision": "confirm", "event": purge.pk})
    spike.refresh_from_db()
    assert (spike.review, spike.explained_by) == (ReviewStatus.CONFIRMED, purge)


def test_an_event_of_another_account_cannot_be_chosen(client, data_user, spike):
    elsewhere = Event.objects.create(happened_on=spike.recorded_on, label="Ailleurs",
                                     account=factories.make_account())  # fmt: skip
    client.force_login(data_user)
    response = client.post(review_url(spike), {"decision": "confirm", "event": elsewhere.pk})
    assert response.status_code == 200
    spike.refresh_from_db()
    assert spike.review == ReviewStatus.TO_REVIEW


def test_correcting_replaces_the_figure_and_clears_the_flag(client, data_user, spike):
    client.force_login(data_user)
    response = client.post(review_url(spike), {"decision": "correct", "followers": "100 010"})
    assert response.status_code == 302
    spike.refresh_from_db()
    assert (spike.followers, spike.review, spike.updated_by) == (100_010, "", data_user)
    assert not FollowerSnapshot.objects.to_review().exists()


def test_correcting_without_a_figure_says_so_in_french(client, data_user, spike):
    client.force_login(data_user)
    response = client.post(review_url(spike), {"decision": "correct", "followers": ""})
    assert response.status_code == 200
    assert "Le nombre d&#x27;abonnés est vide." in response.text
    spike.refresh_from_db()
    assert (spike.followers, spike.review) == (150_000, ReviewStatus.TO_REVIEW)


@pytest.mark.parametrize("role", ["editor_user", "author_user"])
def test_only_data_staff_may_decide(client, request, spike, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(review_url(spike), {"decision": "correct", "followers": "100010"})
    assert response.status_code == 403
    spike.refresh_from_db()
    assert (spike.followers, spike.review) == (150_000, ReviewStatus.TO_REVIEW)


@pytest.mark.parametrize(("role", "status"), [("editor_user", 200), ("author_user", 403)])
def test_who_may_see_the_list(client, request, spike, role, status):
    client.force_login(request.getfixturevalue(role))
    response = client.get(LIST_URL)
    assert response.status_code == status
    if status == 200:
        assert review_url(spike) not in response.text, "no link to a screen they cannot use"


def test_anonymous_is_sent_to_the_login_page(client, spike):
    response = client.post(review_url(spike), {"decision": "confirm"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
