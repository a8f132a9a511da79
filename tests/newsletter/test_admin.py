"""The newsletter in the admin: counts, deliveries, resend, RGPD export and erasure."""

import json

import pytest
from django.core import mail

from newsletter.models import Consent, Delivery, Subscriber
from tests import factories
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/newsletter/subscriber/"


def test_changelist_shows_counts_by_status_and_preferences(client, superuser):
    make_subscriber(email="a@exemple.fr", influencers=[factories.make_influencer()])
    make_subscriber(email="b@exemple.fr", status=Subscriber.Status.PENDING)
    make_subscriber(email="c@exemple.fr", status=Subscriber.Status.PENDING)
    client.force_login(superuser)
    html = client.get(CHANGELIST).content.decode()
    assert "En attente de confirmation : <strong>2</strong>" in html
    assert "Confirmé : <strong>1</strong>" in html
    assert "Désinscrit : <strong>0</strong>" in html
    assert "a@exemple.fr" in html


def test_deliveries_list_what_was_sent_to_whom(client, superuser):
    subscriber = make_subscriber(email="lu@exemple.fr")
    Delivery.objects.create(
        subscriber=subscriber, item="article:1", kind="article", subject="Pesquet", run="r"
    )
    client.force_login(superuser)
    html = client.get("/admin/newsletter/delivery/").content.decode()
    assert "Pesquet" in html and "lu@exemple.fr" in html


def test_resend_confirmation_goes_to_pending_subscribers_only(client, superuser):
    pending = make_subscriber(status=Subscriber.Status.PENDING)
    confirmed = make_subscriber()
    client.force_login(superuser)
    response = client.post(
        CHANGELIST,
        {"action": "resend_confirmation", "_selected_action": [pending.pk, confirmed.pk]},
        follow=True,
    )
    assert "1 confirmation renvoyée" in response.content.decode()
    [message] = mail.outbox
    assert message.to == [pending.email]
    assert "/newsletter/confirmer/" in message.body


def test_export_gives_one_persons_data_as_json(client, superuser):
    subscriber = make_subscriber(email="moi@exemple.fr")
    subscriber.record_consent(Consent.Action.CONFIRMED, Consent.Source.EMAIL_LINK)
    make_subscriber(email="autre@exemple.fr")
    client.force_login(superuser)
    response = client.post(
        CHANGELIST, {"action": "export_personal_data", "_selected_action": [subscriber.pk]}
    )
    assert response["Content-Type"].startswith("application/json")
    assert "donnees-moi@exemple.fr.json" in response["Content-Disposition"]
    [data] = json.loads(response.content)
    assert data["email"] == "moi@exemple.fr"
    assert data["consents"][0]["action"] == "confirmed"
    assert "autre@exemple.fr" not in response.content.decode()


def test_deleting_a_subscriber_erases_consents_and_deliveries(client, superuser):
    subscriber = make_subscriber()
    subscriber.record_consent(Consent.Action.CONFIRMED, Consent.Source.EMAIL_LINK)
    Delivery.objects.create(subscriber=subscriber, item="a", kind="article", subject="s", run="r")
    client.force_login(superuser)
    response = client.post(f"{CHANGELIST}{subscriber.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert (Subscriber.objects.count(), Consent.objects.count(), Delivery.objects.count()) == (
        0,
        0,
        0,
    )


def test_editors_read_subscribers_but_cannot_act_on_them(client, editor_user):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    client.force_login(editor_user)
    assert client.get(f"{CHANGELIST}{subscriber.pk}/change/").status_code == 200
    response = client.post(
        CHANGELIST, {"action": "export_personal_data", "_selected_action": [subscriber.pk]}
    )
    assert not response.get("Content-Type", "").startswith("application/json")
    assert client.post(f"{CHANGELIST}{subscriber.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Subscriber.objects.count() == 1
