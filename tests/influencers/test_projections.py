"""Projections of the next milestone, against histories computed by hand."""

import datetime
import math

import pytest

from influencers.charts import build_chart, projection_reach
from influencers.projections import (
    NoProjection,
    Projection,
    least_squares,
    project_next_milestone,
)

TODAY = datetime.date(2026, 6, 1)
STALE_AFTER = 30


def days_before_today(counts_by_age):
    return [
        (TODAY - datetime.timedelta(days=age), followers)
        for age, followers in sorted(counts_by_age.items(), reverse=True)
    ]


def project(points, today=TODAY):
    return project_next_milestone(points, today, STALE_AFTER)


def test_a_clean_line_reaches_the_next_threshold_on_the_day_computed_by_hand():
    # 40 000 sixty days ago, +100 a day: 46 000 today, 4 000 short of 50 000 → 40 days.
    points = days_before_today({age: 46_000 - 100 * age for age in range(61)})
    projection = project(points)
    assert isinstance(projection, Projection)
    assert projection.threshold == 50_000
    assert projection.trend.slope == pytest.approx(100)
    assert projection.trend.slope_error == pytest.approx(0, abs=1e-6)
    assert projection.expected_on == datetime.date(2026, 7, 11)  # 1 June + 40 days
    assert projection.earliest_on == projection.latest_on == projection.expected_on


def test_the_range_follows_two_standard_errors_of_the_slope():
    # x = 0, 10, 20, 30 days; y = 20 000, 21 100, 21 900, 23 000.
    # Slope 49 000 / 500 = 98 a day, intercept 20 030, residuals −30, 90, −90, 30:
    # squared sum 18 000, s² = 18 000 / 2, standard error √(9 000 / 500) = √18.
    points = days_before_today({30: 20_000, 20: 21_100, 10: 21_900, 0: 23_000})
    trend = least_squares(points)
    assert trend.slope == pytest.approx(98)
    assert trend.intercept == pytest.approx(20_030)
    assert trend.slope_error == pytest.approx(math.sqrt(18))
    projection = project(points)
    # 27 000 to go: 27 000 / 98 = 275.5 → 276 days; / (98 + 2√18) = 253.6 → 254;
    # / (98 − 2√18) = 301.6 → 302.
    assert projection.expected_on == TODAY + datetime.timedelta(days=276)
    assert projection.earliest_on == TODAY + datetime.timedelta(days=254)
    assert projection.latest_on == TODAY + datetime.timedelta(days=302)
    assert projection.followers_on(TODAY + datetime.timedelta(days=10)) == pytest.approx(23_980)


def test_only_the_last_90_days_count():
    # A jump 200 days ago would tilt a line through the whole history.
    recent = {age: 46_000 - 100 * age for age in range(91)}
    points = days_before_today({200: 1_000, 150: 5_000, **recent})
    assert project(points).trend.slope == pytest.approx(100)


def test_fewer_than_30_days_of_data_give_no_projection():
    points = days_before_today({age: 46_000 - 100 * age for age in range(30)})  # 29-day span
    assert isinstance(project(points), NoProjection)
    points = days_before_today({age: 46_000 - 100 * age for age in range(31)})  # 30 days
    assert isinstance(project(points), Projection)


def test_a_flat_trend_gives_no_projection():
    projection = project(days_before_today(dict.fromkeys(range(60), 46_000)))
    assert projection == NoProjection("la tendance est stable, en baisse ou trop irrégulière.")


def test_a_falling_trend_gives_no_projection():
    projection = project(days_before_today({age: 46_000 + 50 * age for age in range(60)}))
    assert isinstance(projection, NoProjection)


def test_a_rise_lost_in_noise_gives_no_projection():
    # +5 a day with swings of ±1 000 from one day to the next: the fitted slope is
    # positive (about 3.3) but its standard error (about 7.6) makes the range reach zero.
    points = days_before_today(
        {age: 46_000 - 5 * age + (1_000 if age % 2 else -1_000) for age in range(60)}
    )
    trend = least_squares(points)
    assert 0 < trend.slope < 2 * trend.slope_error
    assert isinstance(project(points), NoProjection)


def test_a_stale_last_figure_gives_no_projection():
    points = days_before_today({age: 46_000 - 100 * age for age in range(31, 100)})
    assert project(points) == NoProjection("le dernier relevé est trop ancien.")
    assert isinstance(project(points, today=TODAY - datetime.timedelta(days=1)), Projection)


def test_a_threshold_decades_away_gives_no_projection():
    points = days_before_today({age: 46_000 - age for age in range(60)})  # +1 a day
    assert isinstance(project(points), NoProjection)


def test_no_snapshot_or_a_single_one_gives_no_projection():
    assert isinstance(project([]), NoProjection)
    assert isinstance(project([(TODAY, 12_000)]), NoProjection)


def test_chart_draws_the_projection_dashed_up_to_the_threshold_when_near():
    points = days_before_today({age: 46_000 - 100 * age for age in range(151)})
    chart = build_chart([("X", "#123456", points)], projection=project(points))
    # 40 days to 50 000, within a third of the 150 plotted days: the segment reaches it.
    assert chart.projection.reaches_threshold
    assert chart.projection.end_x == chart.right
    assert (chart.projection.end_y, "50\u00a0k") in chart.y_ticks


def test_chart_stops_a_far_projection_at_a_third_of_the_plotted_span():
    points = days_before_today({age: 46_000 - 100 * age for age in range(61)})
    chart = build_chart([("X", "#123456", points)], projection=project(points))
    # 60 plotted days: the dashed line runs 20 days (to 48 000), not the 40 to 50 000.
    assert not chart.projection.reaches_threshold
    assert projection_reach(project(points), points[0][0], TODAY) == (
        TODAY + datetime.timedelta(days=20),
        48_000,
    )
    assert chart.projection.end_x == chart.right
