"""Anomalies: a day-over-day change far outside the account's recent trend.

The rule (`is_anomaly`), with the thresholds of settings.FOLLOWER_ANOMALY_*:

- the reference is the account's latest snapshot before the day, and the trend the
  `WINDOW` snapshots before that (within a year), leaving out those still to review;
- the change is counted per day: (count − reference) ÷ days between them, so a gap of a
  month with a month's usual gain is not a jump;
- the usual change is the median of the absolute daily changes between those snapshots;
- the change is an anomaly when its absolute value exceeds FACTOR × the usual change,
  and also both floors, MIN_CHANGE followers a day and MIN_PERCENT % of the reference a
  day, so that a flat or tiny account is not flagged for a handful of followers;
- with fewer than MIN_HISTORY earlier snapshots nothing is judged (no trend yet).

Rises and falls count alike: a giveaway, bought followers or a purge all deserve a
look. Every write path (admin form, bulk entry, CSV import and the command) flags
through `AnomalyTracker`, which loads each account's recent history once and then
follows the batch in date order: a million-row import adds one query per chunk.
"""

import bisect
import datetime
import itertools
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

# Snapshots older than this before the judged day never count in the trend: bounds
# the history read per account however long it is.
LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class AnomalyRule:
    """The thresholds of `is_anomaly`; their defaults are the settings' (from_settings())."""

    window: int
    factor: float
    min_change: int
    min_percent: float
    min_history: int

    @classmethod
    def from_settings(cls):
        return cls(
            window=settings.FOLLOWER_ANOMALY_WINDOW,
            factor=settings.FOLLOWER_ANOMALY_FACTOR,
            min_change=settings.FOLLOWER_ANOMALY_MIN_CHANGE,
            min_percent=settings.FOLLOWER_ANOMALY_MIN_PERCENT,
            min_history=settings.FOLLOWER_ANOMALY_MIN_HISTORY,
        )


def daily_change(earlier, later):
    """Followers gained (or lost) a day between two `(date, followers)` points."""
    days = max((later[0] - earlier[0]).days, 1)
    return (later[1] - earlier[1]) / days


def usual_change(history):
    """The median absolute daily change between consecutive points of `history`."""
    return statistics.median(
        abs(daily_change(earlier, later)) for earlier, later in itertools.pairwise(history)
    )


def is_anomaly(history, day, followers, rule):
    """Whether `followers` on `day` is far outside the trend of `history`.

    `history` is the account's earlier `(date, followers)` points, oldest first, all
    before `day` (the unreviewed anomalies left out). Pure: see the module's rule.
    """
    if len(history) < max(rule.min_history, 2):  # a trend needs one change at least
        return False
    reference_day, reference = history[-1]
    change = abs(followers - reference) / max((day - reference_day).days, 1)
    if change <= rule.min_change or change <= reference * rule.min_percent / 100:
        return False  # the usual case, decided without the median
    return change > rule.factor * usual_change(history[-(rule.window + 1) :])


def explain(history, day, followers, rule):
    """The figures behind a judgement, for the reviewers: (daily change, usual change)."""
    history = history[-(rule.window + 1) :]
    if len(history) < 2:
        return None
    return daily_change(history[-1], (day, followers)), usual_change(history)


class AnomalyTracker:
    """Flags the rows of a batch, account by account, in date order.

    Rows are objects with `account_id`, `recorded_on`, `followers`, `action` and a
    writable `to_review`. An account's recent history is loaded from the database the
    first time the batch touches it (one query for all new accounts of a call), then
    extended with the batch's own rows, so the rows of a file are judged against the
    rows before them even before anything is written.
    """

    def __init__(self, rule=None):
        self.rule = rule or AnomalyRule.from_settings()
        self.recent = {}  # account id → [(date, followers)], oldest first

    def flag(self, rows):
        """Set `to_review` on each row to create or update; return how many were flagged."""
        rows = sorted(rows, key=lambda row: (row.account_id, row.recorded_on))
        first_days = {}
        for row in rows:
            if row.account_id not in self.recent:
                first_days.setdefault(row.account_id, row.recorded_on)
        self.recent.update(recent_histories(first_days, self.rule.window + 1))
        flagged = 0
        keep = self.rule.window + 1
        rule, remember = self.rule, self.remember
        for row in rows:
            history = self.recent[row.account_id]
            day = row.recorded_on
            if history and history[-1][0] >= day:  # out of order: only the days before count
                history = history[: bisect.bisect_left(history, (day,))]
            if row.action != "unchanged" and is_anomaly(history, day, row.followers, rule):
                row.to_review = True
                flagged += 1
            else:
                remember(row.account_id, day, row.followers, keep)
        return flagged

    def remember(self, account_id, day, followers, keep):
        history = self.recent[account_id]
        if history and history[-1][0] >= day:
            history[:] = [point for point in history if point[0] != day]
            bisect.insort(history, (day, followers))
        else:
            history.append((day, followers))
        if len(history) > 2 * keep:  # trimmed now and then, not on every row
            del history[:-keep]


def recent_histories(first_days, count):
    """{account id: its last `count` points before its day}, unreviewed anomalies left out.

    One query: a window function numbers each account's snapshots from the latest
    back, within LOOKBACK_DAYS so the rows read stay bounded.
    """
    from influencers.models import FollowerSnapshot, ReviewStatus

    histories = {account_id: [] for account_id in first_days}
    if not first_days:
        return histories
    before = Q()
    for account_id, day in first_days.items():
        before |= Q(
            account_id=account_id,
            recorded_on__lt=day,
            recorded_on__gte=day - datetime.timedelta(days=LOOKBACK_DAYS),
        )
    rows = (
        FollowerSnapshot.objects.filter(before)
        .exclude(review=ReviewStatus.TO_REVIEW)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("account_id"), order_by=F("recorded_on").desc())
        )
        .filter(rank__lte=count)
        .values_list("account_id", "recorded_on", "followers")
    )
    for account_id, day, followers in rows:
        histories[account_id].append((day, followers))
    for history in histories.values():
        history.sort()
    return histories


class Judged:
    """One snapshot to judge alone (the admin's form): a row for `AnomalyTracker`."""

    action = "create"

    def __init__(self, account_id, recorded_on, followers):
        self.account_id, self.recorded_on, self.followers = account_id, recorded_on, followers
        self.to_review = False


def needs_review(account_id, day, followers, rule=None):
    """Whether one count, judged against the database, is an anomaly (one query)."""
    row = Judged(account_id, day, followers)
    AnomalyTracker(rule).flag([row])
    return row.to_review
