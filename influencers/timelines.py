"""An influencer page's histories: chart points, gaps, recent snapshots, projection, gains.

One query for all the accounts, whose cost follows the points asked for: the chart's
evenly spaced days and every day of the recent window go to `points_on` together,
which also gives the date of the snapshot after each point found.
"""

import datetime
import itertools
from bisect import bisect_right
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from influencers.charts import MEASURED, Gap, build_chart
from influencers.history import evenly_spaced_days, points_on
from influencers.projections import TREND_WINDOW_DAYS, Projection, project_next_milestone

# The account page's table of gains, snapshot by snapshot: not the rankings' 30-day growth
# (`models.GROWTH_WINDOW_DAYS`), which compares today's count with one count back then.
GAINS_DAYS = 30


@dataclass(frozen=True)
class Gain:
    """The change from the previous snapshot, `days` days earlier, to this one."""

    day: datetime.date
    followers: int
    change: int
    days: int


@dataclass(frozen=True)
class Timeline:
    """An account's history as its page draws it: `Account.timeline`, set below.

    A comparison's timelines (`attach_compared_histories`) have no recent window,
    projection or gains.
    """

    history: list  # (date, followers) chart points, oldest first
    provenance: dict  # {date: PointProvenance}; a point missing from it was measured
    gaps: list  # `charts.Gap`s: stretches longer than FOLLOWER_GAP_DAYS without a snapshot
    recent: list = field(default_factory=list)  # every snapshot of the last TREND_WINDOW_DAYS
    projection: object = None  # `projections.Projection`, `NoProjection` or None
    gains: list = field(default_factory=list)  # `Gain`s, newest first

    @property
    def drawn_projection(self):
        """The projection to draw dashed after the line: None when there is no date."""
        return self.projection if isinstance(self.projection, Projection) else None


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
    """Give accounts drawn together (a comparison) a `Timeline` of their chart points.

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
        account.timeline = Timeline(
            history=[(day, followers) for day, followers, _following in found[account.pk]],
            provenance=provenance.get(account.pk, {}),
            gaps=gaps_in(found[account.pk]),
        )


def attach_timelines(accounts, chart_points, today=None):
    """Give each account its `Timeline`: chart `history`, `gaps`, `recent`, `projection`, `gains`.

    Accounts come from `with_growth`. `recent` holds every snapshot of the last
    `TREND_WINDOW_DAYS` days up to the account's latest one; `gains` cover the last
    `GAINS_DAYS` days up to `today` (newest first), the first counted from the
    snapshot before; `gaps` the stretches longer than `FOLLOWER_GAP_DAYS` without one.
    """
    today = today or timezone.localdate()
    accounts = [account for account in accounts if account.first_recorded_on]
    chart_days, recent_starts, days_by_account = {}, {}, {}
    for account in accounts:
        first, last = account.first_recorded_on, account.latest_recorded_on
        chart_days[account.pk] = evenly_spaced_days(first, last, chart_points)
        recent_starts[account.pk] = max(first, last - datetime.timedelta(days=TREND_WINDOW_DAYS))
        recent_days = evenly_spaced_days(recent_starts[account.pk], last, TREND_WINDOW_DAYS + 1)
        days_by_account[account.pk] = sorted({*chart_days[account.pk], *recent_days})
    provenance = {}
    found = points_on(days_by_account, gaps_over=settings.FOLLOWER_GAP_DAYS, provenance=provenance)
    gains_since = today - datetime.timedelta(days=GAINS_DAYS - 1)
    for account in accounts:
        points = [(day, followers) for day, followers, _following in found[account.pk]]
        points_provenance = provenance.get(account.pk, {})
        # Unreviewed anomalies stay on the chart, « à vérifier », wherever they fall.
        flagged = [p for p in points if points_provenance.get(p[0], MEASURED).to_verify]
        recent = [point for point in points if point[0] >= recent_starts[account.pk]]
        account.timeline = Timeline(
            history=sorted({*latest_on_each(points, chart_days[account.pk]), *flagged}),
            provenance=points_provenance,
            gaps=gaps_in(found[account.pk]),
            recent=recent,
            projection=project_next_milestone(recent, today, settings.FOLLOWER_STALE_AFTER_DAYS),
            gains=daily_gains(points, gains_since)[::-1],
        )


def account_chart(account, marks=()):
    """The `charts.Chart` of an account given its timeline, or None with nothing recorded."""
    platform = account.platform
    timeline = account.timeline
    if timeline is None:
        return None
    return build_chart(
        [(platform.name, platform.color, timeline.history, timeline.provenance, timeline.gaps)],
        marks,
        events=account.chart_events,
        projection=timeline.drawn_projection,
    )
