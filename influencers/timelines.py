"""An influencer page's histories: chart points, gaps, recent snapshots, projection, gains.

One query for all the accounts, whose cost follows the points asked for: the chart's
evenly spaced days and every day of the recent window go to `points_on` together,
which also gives the date of the snapshot after each point found.
"""

import datetime
import itertools
from bisect import bisect_right
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from influencers.charts import MEASURED, Gap, build_chart
from influencers.history import evenly_spaced_days, points_on
from influencers.projections import WINDOW_DAYS, Projection, project_next_milestone

GAINS_DAYS = 30


@dataclass(frozen=True)
class Gain:
    """The change from the previous snapshot, `days` days earlier, to this one."""

    day: datetime.date
    followers: int
    change: int
    days: int


def latest_on_each(points, days):
    """The latest of `points` on or before each of `days`, each point once, oldest first."""
    point_days = [point[0] for point in points]
    kept = []
    for day in days:
        index = bisect_right(point_days, day) - 1
        if index >= 0 and (not kept or kept[-1] is not points[index]):
            kept.append(points[index])
    return kept


def daily_gains(points, since):
    """A `Gain` for each snapshot on or after `since` that follows another one."""
    return [
        Gain(current[0], current[1], current[1] - previous[1], (current[0] - previous[0]).days)
        for previous, current in itertools.pairwise(points)
        if current[0] >= since
    ]


def gaps_in(points):
    """A `Gap` after each point of `(date, followers, next date)` that has a next date.

    `points_on(gaps_over=…)` gives a next date only where the next snapshot is too far.
    Exact for every gap wider than the spacing of the days asked for: one of those
    days falls inside it, so its first snapshot is among the points.
    """
    return [Gap(day, following) for day, _followers, following in points if following]


def attach_compared_histories(accounts, chart_points):
    """Give accounts drawn together (a comparison) `history`, `history_provenance`, `gaps`.

    What `attach_timelines` gives an influencer page's charts, without the recent
    window, the projection and the gains: one query for all the accounts.
    """
    accounts = [account for account in accounts if account.first_recorded_on]
    days_by_account = {
        account.pk: evenly_spaced_days(
            account.first_recorded_on, account.latest_recorded_on, chart_points
        )
        for account in accounts
    }
    provenance = {}
    found = points_on(days_by_account, gaps_over=settings.FOLLOWER_GAP_DAYS, provenance=provenance)
    for account in accounts:
        account.gaps = gaps_in(found[account.pk])
        account.history = [(day, followers) for day, followers, _following in found[account.pk]]
        account.history_provenance = provenance.get(account.pk, {})


def attach_timelines(accounts, chart_points, today=None):
    """Give each account `history` (chart), `gaps`, `recent`, `projection` and `gains`.

    Accounts come from `with_growth`. `recent` holds every snapshot of the last
    `WINDOW_DAYS` days up to the account's latest one; `gains` cover the last
    `GAINS_DAYS` days up to `today` (newest first), the first counted from the
    snapshot before; `gaps` the stretches longer than `FOLLOWER_GAP_DAYS` without one.
    """
    today = today or timezone.localdate()
    accounts = [account for account in accounts if account.first_recorded_on]
    chart_days, recent_starts, days_by_account = {}, {}, {}
    for account in accounts:
        first, last = account.first_recorded_on, account.latest_recorded_on
        chart_days[account.pk] = evenly_spaced_days(first, last, chart_points)
        recent_starts[account.pk] = max(first, last - datetime.timedelta(days=WINDOW_DAYS))
        recent_days = evenly_spaced_days(recent_starts[account.pk], last, WINDOW_DAYS + 1)
        days_by_account[account.pk] = sorted({*chart_days[account.pk], *recent_days})
    provenance = {}
    found = points_on(days_by_account, gaps_over=settings.FOLLOWER_GAP_DAYS, provenance=provenance)
    gains_since = today - datetime.timedelta(days=GAINS_DAYS - 1)
    for account in accounts:
        account.gaps = gaps_in(found[account.pk])
        points = [(day, followers) for day, followers, _following in found[account.pk]]
        account.history_provenance = provenance.get(account.pk, {})
        # Unreviewed anomalies stay on the chart, « à vérifier », wherever they fall.
        flagged = [p for p in points if account.history_provenance.get(p[0], MEASURED).to_verify]
        account.history = sorted({*latest_on_each(points, chart_days[account.pk]), *flagged})
        account.recent = [point for point in points if point[0] >= recent_starts[account.pk]]
        account.projection = project_next_milestone(
            account.recent, today, settings.FOLLOWER_STALE_AFTER_DAYS
        )
        account.gains = daily_gains(points, gains_since)[::-1]


def account_chart(account, marks=()):
    """The `charts.Chart` of an account given its timeline, or None with nothing recorded."""
    platform = account.platform
    projection = getattr(account, "projection", None)
    return build_chart(
        [
            (
                platform.name,
                platform.color,
                getattr(account, "history", None) or [],
                getattr(account, "history_provenance", None) or {},
                getattr(account, "gaps", ()),
            )
        ],
        marks,
        events=getattr(account, "chart_events", ()),
        projection=projection if isinstance(projection, Projection) else None,
    )
