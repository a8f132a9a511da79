"""Milestones: the day each account first reached a round number of followers.

Computed from the stored history with one aggregate query for any number of accounts
(the earliest date per account and threshold by conditional aggregation), so a page
or a feed costs the same whatever the history's length.
"""

import datetime
from dataclasses import dataclass

from django.db import connections
from django.utils.translation import gettext as _

from influencers.charts import compact_count
from influencers.history import as_date
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
    # Plain SQL: the ORM took longer to compile these fifteen filtered aggregates than
    # the database took to answer them. Rows under the first threshold can reach none.
    connection = connections[FollowerSnapshot.objects.db]
    table = connection.ops.quote_name(FollowerSnapshot._meta.db_table)
    first_date_columns = ", ".join(
        ["MIN(CASE WHEN followers >= %s THEN recorded_on END)"] * len(THRESHOLDS)
    )
    accounts = ", ".join(["%s"] * len(account_ids))
    sql = (
        f"SELECT account_id, {first_date_columns} FROM {table} "
        f"WHERE account_id IN ({accounts}) AND followers >= %s GROUP BY account_id"
    )  # only placeholders and the quoted table name are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, [*THRESHOLDS, *account_ids, THRESHOLDS[0]])
        rows = cursor.fetchall()
    return {
        account_id: {
            threshold: as_date(day)
            for threshold, day in zip(THRESHOLDS, first_dates, strict=True)
            if day is not None
        }
        for account_id, *first_dates in rows
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
