"""Milestones: the day each account first reached a round number of followers.

Computed from the stored history with one aggregate query for any number of accounts
(the earliest date per account and threshold by conditional aggregation), so a page
or a feed costs the same whatever the history's length.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils.translation import gettext as _

from influencers.charts import compact_count
from influencers.models import Account, FollowerSnapshot

# Round numbers readers and platforms celebrate; the larger ones are rare but real.
THRESHOLDS = (
    10_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    20_000_000,
    50_000_000,
    100_000_000,
    200_000_000,
    500_000_000,
    1_000_000_000,
)


@dataclass(frozen=True)
class Milestone:
    """`account` first counted at least `threshold` followers on `reached_on`."""

    account: Account
    threshold: int
    reached_on: datetime.date

    @property
    def label(self):
        return compact_count(self.threshold)

    @property
    def title(self):
        return _("%(name)s dépasse %(threshold)s %(word)s sur %(platform)s") % {
            "name": self.account.influencer.name,
            "threshold": self.label,
            "word": self.account.platform.audience_word,
            "platform": self.account.platform.name,
        }

    @property
    def anchor(self):
        """The fragment of the influencer page's milestone row, also the feed item's guid."""
        return f"jalon-{self.account.pk}-{self.threshold}"


def next_threshold(followers):
    """The smallest threshold above `followers`, or None past the largest."""
    return next((threshold for threshold in THRESHOLDS if threshold > followers), None)


def reached_on_by_account(account_ids):
    """{account id: {threshold: first date at or above it}}, in one query.

    Only thresholds reached appear. A count that falls back below a threshold and
    climbs again keeps the first date: a milestone is reached once.
    """
    if not account_ids:
        return {}
    aggregates = {
        f"reached_{threshold}": Min("recorded_on", filter=Q(followers__gte=threshold))
        for threshold in THRESHOLDS
    }
    rows = (
        FollowerSnapshot.objects.filter(
            account_id__in=account_ids, followers__gte=THRESHOLDS[0]
        )  # rows under the first threshold can reach none: skip them early
        .order_by()
        .values("account_id")
        .annotate(**aggregates)
    )
    return {
        row["account_id"]: {
            threshold: row[f"reached_{threshold}"]
            for threshold in THRESHOLDS
            if row[f"reached_{threshold}"] is not None
        }
        for row in rows
    }


def attach_milestones(accounts):
    """Give each account its `milestones`, smallest threshold first (one query)."""
    accounts = list(accounts)
    found = reached_on_by_account([account.pk for account in accounts])
    for account in accounts:
        reached = found.get(account.pk, {})
        account.milestones = [
            Milestone(account, threshold, day) for threshold, day in reached.items()
        ]
    return accounts


def milestones_of(accounts):
    """Every milestone of these accounts, newest first (one query)."""
    milestones = [
        milestone for account in attach_milestones(accounts) for milestone in account.milestones
    ]
    return sorted(
        milestones, key=lambda milestone: (milestone.reached_on, milestone.threshold), reverse=True
    )
