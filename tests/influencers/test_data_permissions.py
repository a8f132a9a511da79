"""Who may reach the data screens: data staff record, authors cannot touch snapshots."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from influencers.models import FollowerSnapshot
from tests import factories

pytestmark = pytest.mark.django_db

BASE = "/admin/influencers/followersnapshot/"
BULK_ENTRY, IMPORT, STALE = f"{BASE}bulk-entry/", f"{BASE}import/", f"{BASE}stale/"

# Recording counts needs add and change on snapshots; the stale list needs view.
MAY_OPEN = {
    "data_user": {BULK_ENTRY, IMPORT, STALE},
    "superuser": {BULK_ENTRY, IMPORT, STALE},
    "editor_user": {STALE},
    "author_user": set(),
}


@pytest.fixture
def snapshot(db):
    facebook = factories.make_platform(slug="facebook", name="Facebook")
    influencer = factories.make_influencer(slug="thomas-pesquet")
    account = factories.make_account(influencer=influencer, platform=facebook)
    return factories.make_snapshot(account, recorded_on="2019-02-14", followers=1_500_000)


def write_attempts(snapshot):
    """A POST of each screen that would write a snapshot if it were allowed."""
    today = timezone.localdate().isoformat()
    csv_file = SimpleUploadedFile(
        "releves.csv", b"influencer,platform,date,followers\nthomas-pesquet,facebook,2019-02-15,9\n"
    )
    return [
        (BULK_ENTRY, {"recorded_on": today, f"count_{snapshot.account_id}": "1600000"}),
        (IMPORT, {"file": csv_file}),
        (f"{BASE}add/", {"account": snapshot.account_id, "recorded_on": "2019-02-13",
                         "followers": "1", "source": "manual"}),
        (f"{BASE}{snapshot.pk}/change/", {"account": snapshot.account_id,
                                          "recorded_on": "2019-02-14", "followers": "2",
                                          "source": "manual"}),
        (f"{BASE}{snapshot.pk}/delete/", {"post": "yes"}),
    ]  # fmt: skip


@pytest.mark.parametrize("role", MAY_OPEN)
def test_each_role_opens_exactly_its_data_screens(client, request, role, snapshot):
    client.force_login(request.getfixturevalue(role))
    for url in (BULK_ENTRY, IMPORT, STALE):
        expected = 200 if url in MAY_OPEN[role] else 403
        assert client.get(url).status_code == expected, (role, url)


@pytest.mark.parametrize("role", ["author_user", "editor_user"])
def test_authors_and_editors_cannot_write_snapshots_by_any_screen(client, request, role, snapshot):
    client.force_login(request.getfixturevalue(role))
    for url, data in write_attempts(snapshot):
        assert client.post(url, data).status_code == 403, (role, url)
    assert list(FollowerSnapshot.objects.values_list("followers", flat=True)) == [1_500_000]


def test_authors_cannot_even_see_snapshots(client, author_user, snapshot):
    client.force_login(author_user)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{snapshot.pk}/change/").status_code == 403


def test_data_staff_record_change_and_delete_snapshots(client, data_user, snapshot):
    client.force_login(data_user)
    attempts = write_attempts(snapshot)
    for url, data in attempts[:1] + attempts[2:4]:
        assert client.post(url, data).status_code == 302, url
    snapshot.refresh_from_db()
    assert (snapshot.followers, snapshot.updated_by) == (2, data_user)
    assert client.post(*attempts[4]).status_code == 302
    assert not FollowerSnapshot.objects.filter(pk=snapshot.pk).exists()


def test_changing_a_snapshot_in_the_admin_keeps_who_recorded_it(client, data_user, superuser):
    account = factories.make_account()
    client.force_login(data_user)
    form = {
        "account": account.pk,
        "recorded_on": "2024-01-01",
        "followers": "10",
        "source": "manual",
    }
    client.post(f"{BASE}add/", form)
    snapshot = account.snapshots.get()
    client.force_login(superuser)
    client.post(f"{BASE}{snapshot.pk}/change/", {**form, "followers": "11"})
    snapshot.refresh_from_db()
    assert (snapshot.recorded_by, snapshot.updated_by, snapshot.followers) == (
        data_user, superuser, 11,
    )  # fmt: skip
    page = client.get(f"{BASE}{snapshot.pk}/change/").text
    assert "Saisi par" in page and "Modifié par" in page


def test_anonymous_visitors_are_sent_to_the_login_page_and_nothing_is_written(client, snapshot):
    for url in (BULK_ENTRY, IMPORT, STALE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    for url, data in write_attempts(snapshot):
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert list(FollowerSnapshot.objects.values_list("followers", flat=True)) == [1_500_000]
