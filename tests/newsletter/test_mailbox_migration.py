"""Migration 0002 merges the rows that were one mailbox, keeping every consent."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from newsletter.models import Consent, Delivery, Subscriber
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db

migration = importlib.import_module("newsletter.migrations.0002_one_row_per_mailbox")


def stored_as(subscriber, raw_email):
    """Write the address as rows stored before normalisation hold it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE newsletter_subscriber SET email = %s WHERE id = %s", [raw_email, subscriber.pk]
        )


def consent(subscriber, action, minutes_ago):
    record = subscriber.record_consent(action, Consent.Source.PAGE)
    when = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Consent.objects.filter(pk=record.pk).update(recorded_at=when)


def test_rows_of_one_mailbox_become_one_keeping_every_consent_and_the_owners_choice():
    confirmed = make_subscriber(articles="weekly")
    consent(confirmed, Consent.Action.REQUESTED, 60)
    consent(confirmed, Consent.Action.CONFIRMED, 50)
    Delivery.objects.create(
        subscriber=confirmed, item="article:1", kind="article", subject="a", run="r"
    )
    # Typed again later by someone else, with an invisible character: never confirmed.
    flood = make_subscriber(status=Subscriber.Status.PENDING, articles="immediate")
    consent(flood, Consent.Action.REQUESTED, 5)
    Delivery.objects.create(
        subscriber=flood, item="article:2", kind="article", subject="b", run="r"
    )
    stored_as(confirmed, "Carol@Exemple.fr")
    stored_as(flood, "carol@exem\u200bple.fr")
    other = make_subscriber(email="lea@exemple.fr")
    stored_as(other, "Lea@Caf\u00e9.fr")

    migration.merge_mailboxes(apps, None)

    [carol] = Subscriber.objects.filter(pk__in=[confirmed.pk, flood.pk])
    assert carol.pk == confirmed.pk
    assert (carol.email, carol.status, carol.articles) == (
        "carol@exemple.fr",
        "confirmed",
        "weekly",
    )
    assert carol.consents.count() == 3
    assert set(carol.deliveries.values_list("item", flat=True)) == {"article:1", "article:2"}
    assert Subscriber.objects.get(pk=other.pk).email == "lea@xn--caf-dma.fr"


def test_the_row_where_the_owner_acted_last_decides():
    first = make_subscriber()
    consent(first, Consent.Action.CONFIRMED, 60)
    second = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    consent(second, Consent.Action.UNSUBSCRIBED, 10)
    stored_as(first, "bob@exemple.fr")
    stored_as(second, "bob@exemple.fr\u00ad")
    migration.merge_mailboxes(apps, None)
    [bob] = Subscriber.objects.all()
    assert (bob.pk, bob.status) == (second.pk, "unsubscribed")
    assert bob.consents.count() == 2
