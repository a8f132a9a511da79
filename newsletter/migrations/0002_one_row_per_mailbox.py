"""One row per mailbox: addresses stored before normalisation are normalised, and rows
that turn out to be one mailbox (invisible characters, capitals, an international
domain in both forms) are merged without losing a consent.

The row kept is the one where the mailbox's owner acted last through a signed link
(confirmed, changed their choices, unsubscribed); anyone may type an address, so a
mere request decides nothing. Without any such act, the oldest row. It keeps its own
status and choices, takes every consent of the others (the proof stays whole), their
deliveries of items it has not had, and the latest confirmation-sent date.
"""

from collections import defaultdict

from django.db import migrations, models
from django.db.models import F, Max

import newsletter.addresses
from newsletter.addresses import normalise_email

OWNER_ACTIONS = ["confirmed", "changed", "unsubscribed"]


def merge_mailboxes(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    rows_by_mailbox = defaultdict(list)
    for pk, email in Subscriber.objects.values_list("pk", "email").order_by("created_at", "pk"):
        rows_by_mailbox[normalise_email(email)].append(pk)
    merged = 0
    for mailbox, pks in rows_by_mailbox.items():
        if len(pks) > 1:
            merged += merge(apps, mailbox, pks)
        else:
            # update(): save() would not reach a row whose address has no mailbox form.
            Subscriber.objects.filter(pk=pks[0]).update(email=mailbox)
    if merged:
        print(f"\n  newsletter: {merged} ligne(s) d'abonné fusionnée(s) (même boîte aux lettres)")


def merge(apps, mailbox, pks):
    """Merge the rows `pks` (oldest first) into one; return how many rows went."""
    Subscriber = apps.get_model("newsletter", "Subscriber")
    Consent = apps.get_model("newsletter", "Consent")
    Delivery = apps.get_model("newsletter", "Delivery")
    last_acts = dict(
        Consent.objects.filter(subscriber__in=pks, action__in=OWNER_ACTIONS)
        .values("subscriber")
        .annotate(last=Max("recorded_at"))
        .values_list("subscriber", "last")
    )
    keeper = max(last_acts, key=last_acts.get) if last_acts else pks[0]
    others = [pk for pk in pks if pk != keeper]
    Consent.objects.filter(subscriber__in=others).update(subscriber=keeper)
    items_kept = set(Delivery.objects.filter(subscriber=keeper).values_list("item", flat=True))
    for delivery in Delivery.objects.filter(subscriber__in=others).order_by(
        F("sent_at").desc(nulls_last=True), "pk"
    ):
        if delivery.item not in items_kept:
            items_kept.add(delivery.item)
            Delivery.objects.filter(pk=delivery.pk).update(subscriber=keeper)
    sent_at = Subscriber.objects.filter(pk__in=pks).aggregate(Max("confirmation_sent_at"))
    Subscriber.objects.filter(pk__in=others).delete()
    Subscriber.objects.filter(pk=keeper).update(
        email=mailbox, confirmation_sent_at=sent_at["confirmation_sent_at__max"]
    )
    return len(others)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(merge_mailboxes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="email",
            field=models.EmailField(
                max_length=254,
                unique=True,
                validators=[newsletter.addresses.validate_mailbox],
                verbose_name="adresse e-mail",
            ),
        ),
    ]
