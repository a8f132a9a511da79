"""Milestone alerts: the round counts an account crossed recently.

`crossed_milestones()` is the one function the sender calls. The thresholds are the
influencer page's (`influencers.milestones.THRESHOLDS`); what differs is the question:
the page lists the day each threshold was first reached in the whole history, an
alert is news of a crossing since the last sending window (one per account and
threshold, ever, by its delivery key).
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from influencers.milestones import THRESHOLDS
from influencers.models import Account, latest_snapshot_before


class Milestone(NamedTuple):
    account: Account
    threshold: int
    reached_on: datetime.date
    followers: int

    @property
    def item(self):
        """The delivery key: one alert per account and threshold, ever."""
        return f"milestone:{self.account.pk}:{self.threshold}"


def highest_crossed(before, after):
    """The highest round threshold in (before, after], or None."""
    crossed = [threshold for threshold in THRESHOLDS if before < threshold <= after]
    return crossed[-1] if crossed else None


def crossed_milestones(since=None, followed_by=None):
    """Milestones of active public accounts: the highest threshold crossed after `since`.

    Compares each account's latest count recorded after `since` (a date; the
    lookback window by default) with its latest count on or before it. An
    account with no count before `since` crossed nothing: a first record of two
    million is news of the record, not of a crossing. `followed_by` (a subscriber
    queryset) keeps the accounts of influencers those people follow. One query.
    """
    if since is None:
        since = timezone.localdate() - datetime.timedelta(days=settings.NEWSLETTER_LOOKBACK_DAYS)
    accounts = (
        Account.objects.public()
        .select_related("influencer", "platform")
        .annotate(
            followers_before=latest_snapshot_before(since),
            latest_followers=latest_snapshot_before(),
            latest_recorded_on=latest_snapshot_before(field="recorded_on"),
        )
        .filter(latest_recorded_on__gt=since, followers_before__isnull=False)
    )
    if followed_by is not None:
        accounts = accounts.filter(Exists(followed_by.filter(influencers=OuterRef("influencer"))))
    milestones = []
    for account in accounts.order_by("pk"):
        threshold = highest_crossed(account.followers_before, account.latest_followers)
        if threshold:
            milestones.append(
                Milestone(account, threshold, account.latest_recorded_on, account.latest_followers)
            )
    return milestones
