"""Repeated failed logins on the admin lock that login out for a while, not forever."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(db):
    return factories.make_user(username="editrice", is_staff=True)


def log_in(client, password, username="editrice", address="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, settings, **who):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "mauvais-mot-de-passe", **who)
        assert response.status_code == 200  # the form again, with its error
    assert log_in(client, "mauvais-mot-de-passe", **who).status_code == 429


def test_repeated_failures_lock_the_login_out_with_a_clear_message(client, editor, settings):
    fail_until_locked(client, settings)
    response = log_in(client, factories.PASSWORD)
    assert response.status_code == 429
    assert "bloqué depuis cette adresse pendant 15 minutes" in response.text
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off(client, editor, settings):
    fail_until_locked(client, settings)
    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        response = log_in(client, factories.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_axes_reset_unlocks_at_once(client, editor, settings):
    fail_until_locked(client, settings)
    call_command("axes_reset", verbosity=0)
    assert log_in(client, factories.PASSWORD).status_code == 302


def test_a_lock_is_for_one_username_from_one_address(client, editor, settings):
    factories.make_user(username="collegue", is_staff=True)
    fail_until_locked(client, settings)
    assert log_in(client, factories.PASSWORD, username="collegue").status_code == 302
    client.logout()
    assert log_in(client, factories.PASSWORD, address="198.51.100.4").status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "mauvais-mot-de-passe")
    assert log_in(client, factories.PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "mauvais-mot-de-passe")
    assert log_in(client, factories.PASSWORD).status_code == 302


def test_the_proxy_address_counts_only_when_trusted(client, editor, settings):
    # Forged X-Real-IP headers must not let an attacker spread failures over fake addresses.
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN_URL,
            {"username": "editrice", "password": "faux"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_REAL_IP=f"192.0.2.{number}",
        )
    assert log_in(client, factories.PASSWORD).status_code == 429
