"""Follower histories drawn as inline SVG on the server: downsampling, scales and ticks.

Everything here is plain geometry over `(date, followers)` points; the markup is
written by `influencers.chart_markup`, so charts need no JavaScript and pass a strict
Content Security Policy.
"""

import datetime
import math
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.formats import number_format
from django.utils.translation import gettext

from influencers.formatting import SHORT, day_label, group_digits
from influencers.history import SPARKLINE_POINTS
from influencers.models import PointProvenance, SnapshotSource

CHART_POINTS = 150  # enough for a 720-pixel-wide line; 5 daily years stay light
# Up to four lines share a comparison's chart: 100 points each still put one every
# 6.4 pixels of its 640-pixel plot, and spare a third of the page's chart seeks.
COMPARED_CHART_POINTS = 100
# The text alternative lists the most telling points, not every day; fewer per line
# when several share a chart, so a four-way comparison stays light to send and read.
TABLE_ROWS = 24
TABLE_ROWS_COMPARED = 12

# Distinct hues with at least 3:1 contrast on white, plus dash patterns so that the
# series of a comparison stay apart for colour-blind readers and in print.
COMPARISON_STYLES = [
    ("#b4361b", ""),
    ("#1d4e89", "8 4"),
    ("#2a7f62", "2 3"),
    ("#7b2cbf", "10 3 2 3"),
]


def downsample(points, threshold):
    """Largest-Triangle-Three-Buckets: `threshold` points that keep the line's shape.

    Keeps the first and last points; in each bucket between them keeps the point
    forming the largest triangle with the previously kept point and the average of
    the next bucket, so peaks and dips survive where a plain stride would drop them.
    """
    count = len(points)
    if threshold >= count or threshold < 3:
        return list(points)
    xs = [day.toordinal() for day, _ in points]
    ys = [followers for _, followers in points]
    bucket_size = (count - 2) / (threshold - 2)
    kept = [points[0]]
    previous = 0
    for bucket in range(threshold - 2):
        start = int(bucket * bucket_size) + 1
        end = int((bucket + 1) * bucket_size) + 1
        next_start, next_end = end, min(int((bucket + 2) * bucket_size) + 1, count)
        average_x = sum(xs[next_start:next_end]) / (next_end - next_start)
        average_y = sum(ys[next_start:next_end]) / (next_end - next_start)
        anchor_x, anchor_y = xs[previous], ys[previous]
        best, best_area = start, -1.0
        for index in range(start, end):
            area = abs(
                (anchor_x - average_x) * (ys[index] - anchor_y)
                - (anchor_x - xs[index]) * (average_y - anchor_y)
            )
            if area > best_area:
                best, best_area = index, area
        kept.append(points[best])
        previous = best
    kept.append(points[-1])
    return kept


def nice_step(span, target_ticks=5):
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about `target_ticks` intervals."""
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def count_ticks(low, high):
    """Round tick values covering [low, high]; never below zero."""
    if low == high:
        low, high = max(0, low - max(1, low // 10)), high + max(1, high // 10)
    step = max(1, nice_step(high - low))  # followers are whole: no « 0,2 » tick
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step:
        ticks.append(value)
        if value >= high:
            break
        value += step
    return [max(0, tick) for tick in ticks]


def compact_count(value):
    """A tick label in French: 1 500 000 → « 1,5 M », 750 000 → « 750 k »."""
    for size, unit in ((1_000_000, "M"), (1_000, "k")):
        if abs(value) >= size:
            scaled = round(value / size, 2)
            scaled = int(scaled) if scaled == int(scaled) else scaled  # « 750 k », not « 750,0 k »
            return f"{number_format(scaled)}\u00a0{unit}"
    return number_format(round(value))


def date_ticks(start, end):
    """Dates worth a label between `start` and `end`: years, months or days by span."""
    span = (end - start).days
    if span > 3 * 365:
        step = max(1, math.ceil((end.year - start.year) / 6))
        years = range(start.year + 1, end.year + 1, step)
        return [(datetime.date(year, 1, 1), str(year)) for year in years]
    if span > 120:
        step = next(months for months in (1, 2, 3, 4, 6, 12) if span / (30.4 * months) <= 6)
        ticks = []
        month_index = start.year * 12 + start.month  # first month starting after `start`
        while True:
            day = datetime.date(month_index // 12, month_index % 12 + 1, 1)
            if day > end:
                return ticks
            if (month_index % 12) % step == 0:
                ticks.append((day, day_label(day, "N Y")))
            month_index += 1
    step = next(days for days in (1, 2, 7, 14, 28) if span / days <= 6)
    days = range(0, span + 1, step)
    return [
        (start + datetime.timedelta(d), day_label(start + datetime.timedelta(d), "j N"))
        for d in days
    ]


@dataclass
class Series:
    label: str
    color: str
    dash: str
    points: list  # downsampled (date, followers), oldest first
    path: str = ""
    end_x: float = 0.0
    end_y: float = 0.0
    table: list = field(default_factory=list)  # TableRow, oldest first
    gaps: list = field(default_factory=list)  # `Gap`s the line is broken at
    provenance: dict = field(default_factory=dict)  # {date: PointProvenance}, may be partial
    unmeasured_path: str = ""  # segments touching an estimated or illustrative point
    to_verify: list = field(default_factory=list)  # (x, y, date, count label) of anomalies
    measured: list = field(default_factory=list)  # per point: a measurement or not
    point_provenance: list = field(default_factory=list)  # per point: its PointProvenance

    def __post_init__(self):
        # Asked by the overlay, the legend and the last point: answered once per point.
        self.point_provenance = [self.provenance_of(day) for day, _ in self.points]
        self.measured = [provenance.is_measured for provenance in self.point_provenance]

    def provenance_of(self, day):
        """The point's provenance; a point without one counts as measured."""
        return self.provenance.get(day) or MEASURED

    @property
    def last_is_measured(self):
        return self.measured[-1]

    @property
    def first(self):
        return self.points[0]

    @property
    def last(self):
        return self.points[-1]

    @property
    def lowest(self):
        return min(self.points, key=lambda point: point[1])

    @property
    def highest(self):
        return max(self.points, key=lambda point: point[1])

    @property
    def change(self):
        return self.last[1] - self.first[1]


@dataclass
class Mark:
    """A dated event drawn as a vertical rule, e.g. an article about the influencer."""

    x: float
    day: datetime.date
    label: str
    url: str


@dataclass(frozen=True)
class Gap:
    """No snapshot between `start` and `end` (two consecutive snapshots' dates)."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self):
        return (self.end - self.start).days


@dataclass
class ProjectionSegment:
    """The dashed continuation of a line after its last point, toward the next threshold."""

    path: str
    color: str
    end_x: float
    end_y: float
    reaches_threshold: bool


class TableRow(NamedTuple):
    """A row of the chart's accessible table: a point, or an event (count left empty)."""

    iso_date: str
    date_label: str
    count: str
    provenance: object = None  # PointProvenance of a point
    event: object = None  # EventMark of an event


@dataclass
class EventMark:
    """An event (rename, purge…) drawn as a numbered rule and listed under the chart."""

    number: int
    x: float
    day: datetime.date
    kind: str
    label: str
    url: str


@dataclass
class Chart:
    series: list
    y_ticks: list  # (y, label)
    x_ticks: list  # (x, label)
    marks: list
    projection: ProjectionSegment | None = None
    events: list = field(default_factory=list)  # EventMark
    legend: list = field(default_factory=list)  # (style, label): see provenance_legend
    width: int = 720
    height: int = 280
    left: int = 64
    right: int = 704
    top: int = 16
    bottom: int = 248

    @property
    def is_comparison(self):
        return len(self.series) > 1


def build_chart(histories, marks=(), width=720, height=280, projection=None, events=()):
    """A line chart of one or more histories, or None when there is nothing to draw.

    `histories` is a list of `(label, colour, [(date, followers), …])`, optionally
    followed by the points' provenance ({date: PointProvenance}) and the `Gap`s the
    line breaks at; a colour of None takes the comparison palette. `marks` are
    objects or dicts with `date`, `label` and `url`; those outside the plotted dates
    are left out, as are `events` (`influencers.events.Event`). `projection` (a
    `projections.Projection` of the first history) is drawn dashed after its end.
    """
    histories = [history for history in histories if history[2]]
    if not histories:
        return None
    chart = Chart(series=[], y_ticks=[], x_ticks=[], marks=[], width=width, height=height)
    chart.right = width - 16
    chart.bottom = height - 32
    for index, (label, color, points, *rest) in enumerate(histories):
        provenance, gaps = (*rest, {}, ())[:2]
        palette_color, dash = COMPARISON_STYLES[index % len(COMPARISON_STYLES)]
        kept = keep_to_verify(downsample(points, CHART_POINTS), points, provenance)
        chart.series.append(
            Series(label, color or palette_color, dash if len(histories) > 1 else "", kept,
                   provenance=provenance, gaps=list(gaps))
        )  # fmt: skip
    start = min(series.first[0] for series in chart.series)
    end = max(series.last[0] for series in chart.series)
    if start == end:
        start, end = start - datetime.timedelta(days=1), end + datetime.timedelta(days=1)
    reach = projection_reach(projection, start, end) if projection else None
    if reach:
        end = max(end, reach[0])
    ticks = count_ticks(
        min(series.lowest[1] for series in chart.series),
        max([series.highest[1] for series in chart.series] + ([reach[1]] if reach else [])),
    )
    low, high = ticks[0], ticks[-1]

    first_day, days = start.toordinal(), (end - start).days
    left, width = chart.left, chart.right - chart.left
    bottom, height = chart.bottom, chart.bottom - chart.top

    def x_of(day):
        return round(left + (day.toordinal() - first_day) / days * width, 1)

    def y_of(value):
        return round(bottom - (value - low) / (high - low) * height, 1)

    def coordinates_of(points):
        # x_of and y_of inlined: a comparison places thousands of points.
        return [
            (round(left + (day.toordinal() - first_day) / days * width, 1),
             round(bottom - (value - low) / (high - low) * height, 1))
            for day, value in points
        ]  # fmt: skip

    chart.y_ticks = [(y_of(tick), compact_count(tick)) for tick in ticks]
    chart.x_ticks = [(x_of(day), label) for day, label in date_ticks(start, end)]
    for series in chart.series:
        coordinates = coordinates_of(series.points)
        series.path = gapped_path(coordinates, split_at_gaps(series.points, series.gaps))
        series.unmeasured_path = unmeasured_path(series, coordinates)
        series.to_verify = to_verify_marks(series, coordinates)
        series.end_x, series.end_y = coordinates[-1]
        rows = TABLE_ROWS_COMPARED if chart.is_comparison else TABLE_ROWS
        series.table = [
            # Formatted once here: hundreds of rows through template filters cost more.
            TableRow(day.isoformat(), day_label(day, SHORT),
                     group_digits(value), series.provenance_of(day))
            for day, value in downsample(series.points, rows)
        ]  # fmt: skip
    if reach:
        chart.projection = projection_segment(projection, reach, chart.series[0].color, x_of, y_of)
    chart.legend = provenance_legend(chart)
    chart.events = event_marks(events, start, end, x_of)
    for series in chart.series:
        series.table = with_event_rows(series.table, chart.events)
    for mark in marks:
        mark = mark if isinstance(mark, dict) else vars(mark)
        if start <= mark["date"] <= end:
            chart.marks.append(Mark(x_of(mark["date"]), mark["date"], mark["label"], mark["url"]))
    return chart


# The dashed projection runs at most this share of the plotted span past the last point:
# further, the history it extends would be squeezed into a corner.
PROJECTION_REACH = 1 / 3


def projection_reach(projection, start, end):
    """(day, followers) where the dashed projection stops: the threshold, or sooner if far."""
    limit = projection.last_day + datetime.timedelta(
        days=max(1, round((end - start).days * PROJECTION_REACH))
    )
    day = min(projection.expected_on, limit)
    return day, min(projection.threshold, round(projection.followers_on(day)))


def projection_segment(projection, reach, color, x_of, y_of):
    """The dashed segment from the last snapshot to `reach`, in chart coordinates."""
    day, followers = reach
    start = (x_of(projection.last_day), y_of(projection.last_followers))
    end = (x_of(day), y_of(followers))
    return ProjectionSegment(
        svg_path([start, end]), color, *end, reaches_threshold=followers == projection.threshold
    )


# -- Provenance: measured figures apart from estimates and illustrative values --------

MEASURED = PointProvenance(SnapshotSource.MANUAL)


def unmeasured_path(series, coordinates):
    """The `d` of the segments with an estimated or illustrative end, "" when none.

    Drawn over the line as a dashed overlay, so the line itself (and however it is
    drawn) stays one path while readers see which stretches are not measurements.
    """
    flags = [not measured for measured in series.measured]
    if not any(flags):
        return ""
    runs, run = [], []
    for index in range(1, len(coordinates)):
        if flags[index - 1] or flags[index]:
            run = run or [coordinates[index - 1]]
            run.append(coordinates[index])
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return "".join(svg_path(run) for run in runs)


def provenance_legend(chart):
    """The legend's entries the chart needs: measured, unmeasured, to verify."""
    points = [measured for series in chart.series for measured in series.measured]
    legend = []
    if any(points):
        legend.append(("measured", gettext("relevé mesuré")))
    if not all(points):
        legend.append(("unmeasured", gettext("estimation ou valeur illustrative, non mesurée")))
    if any(series.to_verify for series in chart.series):
        legend.append(
            ("to_verify", gettext("à vérifier : variation inhabituelle, en cours de contrôle"))
        )
    return legend


# -- Anomalies: unreviewed counts shown « à vérifier » ---------------------------------


def keep_to_verify(kept, points, provenance):
    """The downsampled points plus any unreviewed anomaly downsampling left out."""
    flagged = [(day, value) for day, value in points if day in provenance
               and provenance[day].to_verify]  # fmt: skip
    if not flagged:
        return kept
    return sorted(set(kept) | set(flagged))


def to_verify_marks(series, coordinates):
    """(x, y, date, count label) of the series' points still « à vérifier »."""
    return [
        (x, y, day, group_digits(value))
        for (day, value), (x, y), provenance in zip(
            series.points, coordinates, series.point_provenance, strict=True
        )
        if provenance.to_verify
    ]


# -- Events: renames, purges, recounts marked where they happened -------------------


def event_marks(events, start, end, x_of):
    """The events within the plotted dates as numbered marks, oldest first."""
    inside = sorted(
        (event for event in events if start <= event.happened_on <= end),
        key=lambda event: (event.happened_on, event.pk or 0),
    )
    return [
        EventMark(number, x_of(event.happened_on), event.happened_on,
                  str(event.get_kind_display()), event.label, event.url)
        for number, event in enumerate(inside, start=1)
    ]  # fmt: skip


def with_event_rows(rows, events):
    """The table's rows with a row per event, in date order (an event after a same-day point)."""
    if not events:
        return rows
    event_rows = [
        TableRow(mark.day.isoformat(), day_label(mark.day, SHORT), "", event=mark)
        for mark in events
    ]
    return sorted(rows + event_rows, key=lambda row: (row.iso_date, row.event is not None))


def sparkline_path(points, width=72, height=24):
    """The `d` of a small trend line through `points`, or "" with fewer than two."""
    points = downsample(points, SPARKLINE_POINTS)
    if len(points) < 2:
        return ""
    first_day = points[0][0]
    days = (points[-1][0] - first_day).days or 1
    low = min(value for _, value in points)
    high = max(value for _, value in points)
    spread = (high - low) or 1
    coordinates = (
        (
            round((day - first_day).days / days * width, 1),
            # A flat history sits in the middle rather than on the floor.
            round(
                height / 2 if high == low else height - 1 - (value - low) / spread * (height - 2), 1
            ),
        )
        for day, value in points
    )
    return svg_path(coordinates)


def split_at_gaps(points, gaps):
    """Where the line through `points` breaks: the indexes of points that start a new run.

    A break falls between two consecutive points when a gap starts on or after the
    first and before the second: a straight segment there would draw counts that
    were never recorded.
    """
    if not gaps:
        return []
    breaks = []
    for index in range(1, len(points)):
        before, after = points[index - 1][0], points[index][0]
        if any(before <= gap.start < after for gap in gaps):
            breaks.append(index)
    return breaks


def gapped_path(coordinates, breaks):
    """The `d` of a line through `coordinates`, lifting the pen at each index of `breaks`.

    A point alone between two breaks is drawn as a dot (a zero-length segment, which
    the line's round caps make visible).
    """
    runs, start = [], 0
    for end in [*breaks, len(coordinates)]:
        runs.append(coordinates[start:end])
        start = end
    return "".join(svg_path(run) + ("h0" if len(run) == 1 else "") for run in runs)


def svg_path(coordinates):
    """The `d` of a line through `(x, y)` coordinates."""
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in coordinates)
