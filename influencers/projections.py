"""Projections: when an account should reach its next milestone if its recent pace holds.

Pure functions over `(date, followers)` points, oldest first (extra items in a point
are ignored): no database, no clock, so every case can be computed by hand.

The method, stated on the page: a least-squares line through the snapshots of the
last 90 days gives the pace in followers per day; the expected date is when that
pace, continued from the last snapshot, reaches the next threshold. The range
comes from the slope's standard error (residuals around the line): the dates at
the slope plus and minus two standard errors, about a 95 % range when the
day-to-day noise is roughly normal.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from influencers.milestones import next_threshold

TREND_WINDOW_DAYS = 90  # the pace: a line through the snapshots of these last days
MIN_SPAN_DAYS = 30  # fewer days of snapshots in that window give no projection
MIN_POINTS = 3  # two points fit any line exactly: no residual, no error to speak of
ERROR_FACTOR = 2
HORIZON_DAYS = 10 * 365  # further than this, a straight line says nothing worth printing

METHOD = _(
    "Méthode : droite des moindres carrés ajustée aux relevés des 90 derniers jours, "
    "prolongée depuis le dernier relevé ; la fourchette correspond à la pente plus ou "
    "moins deux erreurs types (environ 95 % si les écarts à la droite sont réguliers). "
    "Pas de projection avec moins de 30 jours de relevés, une tendance stable ou en "
    "baisse, ou un dernier relevé trop ancien."
)


@dataclass(frozen=True)
class Trend:
    """A least-squares line: `slope` followers per day, `slope_error` its standard error."""

    slope: float
    intercept: float  # followers on the first point's day
    slope_error: float


@dataclass(frozen=True)
class Projection:
    threshold: int
    last_day: datetime.date
    last_followers: int
    trend: Trend
    expected_on: datetime.date
    earliest_on: datetime.date
    latest_on: datetime.date

    def followers_on(self, day):
        """The projected count on `day`, continuing the pace from the last snapshot."""
        return self.last_followers + self.trend.slope * (day - self.last_day).days


@dataclass(frozen=True)
class NoProjection:
    """Why no date is projected, in words for the reader."""

    reason: str


def least_squares(points):
    """The least-squares line through `points` (x in days), or None if it is undefined.

    Undefined with fewer than three points or all on one day.
    """
    if len(points) < MIN_POINTS:
        return None
    origin = points[0][0]
    xs = [(point[0] - origin).days for point in points]
    ys = [point[1] for point in points]
    count = len(points)
    mean_x, mean_y = sum(xs) / count, sum(ys) / count
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    squared_residuals = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    slope_error = math.sqrt(squared_residuals / (count - 2) / sxx)
    return Trend(slope, intercept, slope_error)


def recent_window(points, days=TREND_WINDOW_DAYS):
    """The points of the `days` days up to the last one, both ends included."""
    if not points:
        return []
    start = points[-1][0] - datetime.timedelta(days=days)
    return [point for point in points if point[0] >= start]


def day_after(day, days):
    """The first whole day on or after `days` (fractional) days from `day`."""
    return day + datetime.timedelta(days=math.ceil(days - 1e-9))


def project_next_milestone(points, today, stale_after_days):
    """A `Projection` of the next threshold's date, or a `NoProjection` saying why not."""
    if not points:
        return NoProjection(_("aucun relevé."))
    last_day, last_followers = points[-1][0], points[-1][1]
    if (today - last_day).days > stale_after_days:
        return NoProjection(_("le dernier relevé est trop ancien."))
    window = recent_window(points)
    if (last_day - window[0][0]).days < MIN_SPAN_DAYS or len(window) < MIN_POINTS:
        return NoProjection(_("moins de 30 jours de relevés récents."))
    threshold = next_threshold(last_followers)
    if threshold is None:
        return NoProjection(_("aucun seuil au-delà de ce nombre."))
    trend = least_squares(window)
    slowest = trend.slope - ERROR_FACTOR * trend.slope_error
    if trend.slope <= 0 or slowest <= 0:
        # A slope whose range reaches zero cannot tell a rise from a plateau.
        return NoProjection(_("la tendance est stable, en baisse ou trop irrégulière."))
    remaining = threshold - last_followers
    if remaining / slowest > HORIZON_DAYS:
        return NoProjection(_("au rythme actuel, le prochain seuil est à plus de dix ans."))
    fastest = trend.slope + ERROR_FACTOR * trend.slope_error
    return Projection(
        threshold=threshold,
        last_day=last_day,
        last_followers=last_followers,
        trend=trend,
        expected_on=day_after(last_day, remaining / trend.slope),
        earliest_on=day_after(last_day, remaining / fastest),
        latest_on=day_after(last_day, remaining / slowest),
    )
