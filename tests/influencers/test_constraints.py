import html
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction

from influencers.models import Platform
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


@pytest.mark.parametrize("color", ["!!!\\>", "red", "#12345", "url(x)", "#12345g", "#fff\n"])
def test_platform_colour_must_be_a_hex_colour(client, superuser, color):
    # It is drawn into SVG charts and share cards: a stray value once made the card a 500.
    client.force_login(superuser)
    response = client.post(
        "/admin/influencers/platform/add/",
        {"name": "Mastodon", "slug": "mastodon", "audience_word": "abonnés", "color": color,
         "position": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Une couleur s'écrit #rrggbb" in html.unescape(response.text)
    assert not Platform.objects.filter(slug="mastodon").exists()


def test_migration_gives_the_default_colour_to_colours_stored_unchecked():
    good = factories.make_platform(slug="bleu", color="#1877F2")
    bad = factories.make_platform(slug="bizarre", color="!!!\\>")
    migration = importlib.import_module("influencers.migrations.0005_platform_colours_are_hex")

    migration.repair_colours(django_apps, schema_editor=None)

    assert dict(Platform.objects.values_list("slug", "color")) == {
        "bleu": "#1877F2",
        "bizarre": "#4a5568",
    }
    assert good.pk and bad.pk
