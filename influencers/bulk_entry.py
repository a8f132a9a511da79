"""The admin's bulk entry: one count per account for a day, with a guard against typos.

Planned and written like a CSV import (`influencers.imports`), in one transaction.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy

from influencers.anomalies import AnomalyTracker
from influencers.formatting import group_digits
from influencers.imports import PlannedSnapshot, find_existing, write_planned
from influencers.models import (
    Account,
    SnapshotSource,
    earliest_snapshot_after,
    latest_snapshot_before,
)

SUSPICIOUS_JUMP = gettext_lazy(
    "%(new)s diffère de plus de ×%(ratio)s du relevé précédent (%(old)s le %(date)s)."
)
SUSPICIOUS_PAST = gettext_lazy(
    "Date antérieure au relevé du %(date)s (%(later)s) : "
    "%(new)s ne s'inscrit pas entre les relevés voisins."
)


def suspicious_counts(counts, day, ratio=None):
    """The counts of a batch that look like typos, with the reason, by account id.

    Suspicious: more than `ratio` times (or less than 1/`ratio` of) the previous
    count; or, for a day before the account's latest snapshot, a value outside
    the range of the snapshots around that day. One query.
    """
    ratio = ratio or settings.FOLLOWER_SUSPICIOUS_RATIO
    previous_day = day - datetime.timedelta(days=1)
    neighbours = Account.objects.filter(pk__in=counts).annotate(
        previous_followers=latest_snapshot_before(previous_day),
        previous_on=latest_snapshot_before(previous_day, field="recorded_on"),
        next_followers=earliest_snapshot_after(day),
        next_on=earliest_snapshot_after(day, field="recorded_on"),
    )
    reasons = {}
    for account in neighbours.values(
        "pk", "previous_followers", "previous_on", "next_followers", "next_on"
    ):
        new = counts[account["pk"]]
        previous, later = account["previous_followers"], account["next_followers"]
        shown = {"new": group_digits(new), "ratio": floatformat(ratio, -1)}
        if previous is not None and is_jump(previous, new, ratio):
            reasons[account["pk"]] = SUSPICIOUS_JUMP % {
                **shown,
                "old": group_digits(previous),
                "date": account["previous_on"].strftime("%d/%m/%Y"),
            }
        elif later is not None and (
            is_jump(later, new, ratio)
            or (previous is not None and not min(previous, later) <= new <= max(previous, later))
        ):
            reasons[account["pk"]] = SUSPICIOUS_PAST % {
                **shown,
                "later": group_digits(later),
                "date": account["next_on"].strftime("%d/%m/%Y"),
            }
    return reasons


def is_jump(old, new, ratio):
    old, new = max(old, 1), max(new, 1)
    return new > old * ratio or new * ratio < old


def record_bulk_entry(counts, day, *, user):
    """Record one count per account for `day`: create, or update that day's snapshot.

    One transaction, a constant number of queries however many accounts. Counts far
    outside their account's trend are written « à vérifier ». Returns the planned rows
    (their `action` says what happened to each, `to_review` whether it was flagged).
    """
    planned = [
        PlannedSnapshot(account_id, day, followers) for account_id, followers in counts.items()
    ]
    with transaction.atomic():
        find_existing(planned)
        AnomalyTracker().flag(planned)
        write_planned(planned, user=user, source=SnapshotSource.MANUAL)
    return planned
