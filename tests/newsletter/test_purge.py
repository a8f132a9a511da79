"""Requests never confirmed are deleted by send_newsletter once their link has expired."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from newsletter.models import Consent, Subscriber
from tests.newsletter.conftest import link_in, make_subscriber

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def run_send_newsletter(*args, days_later=0):
    with time_machine.travel(timezone.now() + days_later * DAY):
        call_command("send_newsletter", *args)


def test_an_unconfirmed_request_goes_once_its_link_has_expired(client, subscribe, capsys):
    subscribe("oubli@exemple.fr")
    path = link_in(mail.outbox[0], "confirmer")

    run_send_newsletter(days_later=8)

    assert "1 demande(s) d'inscription expirée(s) supprimée(s)." in capsys.readouterr().out
    assert not Subscriber.objects.exists()
    assert not Consent.objects.exists()
    assert not Subscriber.influencers.through.objects.exists()
    assert client.get(path).status_code == 400


def test_a_request_whose_link_still_works_is_kept_and_confirms(client, subscribe, capsys):
    subscribe("patiente@exemple.fr")
    path = link_in(mail.outbox[0], "confirmer")

    run_send_newsletter(days_later=6)

    assert "supprimée" not in capsys.readouterr().out
    with time_machine.travel(timezone.now() + 6 * DAY):
        client.post(path)
    assert Subscriber.objects.get().is_confirmed


def test_a_renewed_request_counts_from_its_last_link(subscribe):
    with time_machine.travel(timezone.now() - 30 * DAY):
        subscribe("retour@exemple.fr")
    subscribe("retour@exemple.fr")
    assert len(mail.outbox) == 2

    run_send_newsletter(days_later=6)
    assert Subscriber.objects.filter(email="retour@exemple.fr").exists()
    run_send_newsletter(days_later=8)
    assert not Subscriber.objects.exists()


def test_a_request_whose_email_never_left_goes_after_the_same_delay(settings):
    settings.NEWSLETTER_CONFIRMATION_DAYS = 3
    with time_machine.travel(timezone.now() - 4 * DAY):
        make_subscriber("jamais@exemple.fr", status=Subscriber.Status.PENDING)
    with time_machine.travel(timezone.now() - 2 * DAY):
        make_subscriber("recent@exemple.fr", status=Subscriber.Status.PENDING)

    run_send_newsletter()

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["recent@exemple.fr"]


def test_who_once_confirmed_keeps_the_proof_of_it(client, subscribe):
    """Unsubscribed, then asking again without confirming: pending, but their consents
    prove that what they were sent had been asked for."""
    subscribe("ancienne@exemple.fr")
    client.post(link_in(mail.outbox[0], "confirmer"))
    Subscriber.objects.get().unsubscribe(Consent.Source.EMAIL_LINK)
    subscribe("ancienne@exemple.fr")
    with time_machine.travel(timezone.now() - 60 * DAY):
        make_subscriber("partie@exemple.fr", status=Subscriber.Status.UNSUBSCRIBED)
        make_subscriber("fidele@exemple.fr")

    run_send_newsletter(days_later=30)

    assert Subscriber.objects.get(email="ancienne@exemple.fr").status == "pending"
    assert Subscriber.objects.count() == 3
    actions = Consent.objects.filter(subscriber__email="ancienne@exemple.fr")
    assert list(actions.values_list("action", flat=True)) == [
        "requested",
        "confirmed",
        "unsubscribed",
        "requested",
    ]


def test_dry_run_counts_the_expired_requests_and_deletes_nothing(subscribe, capsys):
    subscribe("oubli@exemple.fr")

    run_send_newsletter("--dry-run", days_later=8)

    assert "1 demande(s) d'inscription expirée(s) à supprimer." in capsys.readouterr().out
    assert Subscriber.objects.count() == 1
