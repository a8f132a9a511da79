import pytest
from django.db import IntegrityError, transaction

from tests import factories

pytestmark = pytest.mark.django_db


def test_second_snapshot_for_the_same_account_and_day_is_refused_by_the_database():
    snapshot = factories.make_snapshot(followers=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_snapshot(account=snapshot.account, recorded_on=snapshot.recorded_on)


def test_negative_follower_count_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_snapshot(followers=-1)


def test_account_handle_is_stored_without_leading_at():
    account = factories.make_account(handle="@Thom_astro")
    assert account.handle == "Thom_astro"


def test_admin_shows_a_form_error_for_a_duplicate_snapshot(client, superuser):
    snapshot = factories.make_snapshot(followers=10)
    client.force_login(superuser)
    response = client.post(
        "/admin/influencers/followersnapshot/add/",
        {
            "account": snapshot.account.pk,
            "recorded_on": snapshot.recorded_on.isoformat(),
            "followers": "20",
            "source": "manual",
        },
    )
    assert response.status_code == 200
    assert "Ce compte a déjà un relevé à cette date." in response.text
    assert snapshot.account.snapshots.count() == 1


def test_admin_shows_a_form_error_for_a_negative_count(client, superuser):
    account = factories.make_account()
    client.force_login(superuser)
    response = client.post(
        "/admin/influencers/followersnapshot/add/",
        {"account": account.pk, "recorded_on": "2024-01-01", "followers": "-5", "source": "manual"},
    )
    assert response.status_code == 200
    assert "Le nombre d&#x27;abonnés ne peut pas être négatif." in response.text
    assert not account.snapshots.exists()


def test_admin_records_who_entered_a_snapshot(client, superuser):
    account = factories.make_account()
    client.force_login(superuser)
    response = client.post(
        "/admin/influencers/followersnapshot/add/",
        {
            "account": account.pk,
            "recorded_on": "2024-01-01",
            "followers": "1500",
            "source": "manual",
        },
    )
    assert response.status_code == 302
    assert account.snapshots.get().recorded_by == superuser
