"""Gaps: where no count was recorded for too long, the chart breaks its line and says so."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup

from influencers.charts import Gap, build_chart, gapped_path, split_at_gaps
from influencers.history import points_on
from tests import factories

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)


def on(offset):
    return START + datetime.timedelta(days=offset)


def test_split_breaks_between_the_points_around_a_gap():
    points = [(on(0), 1), (on(10), 2), (on(70), 3), (on(80), 4)]
    assert split_at_gaps(points, [Gap(on(10), on(70))]) == [2]
    # A gap found between two plotted points (the chart skips days) still breaks there.
    assert split_at_gaps(points, [Gap(on(20), on(65))]) == [2]
    assert split_at_gaps(points, []) == []


def test_points_carry_the_next_snapshot_only_after_it_is_too_far():
    """Snapshots on days 0-9, 12, 60, 61 and 200; gaps are over 20 days."""
    account = factories.make_account()
    for offset in [*range(10), 12, 60, 61, 200]:
        factories.make_snapshot(account, on(offset), 1000 + offset)
    asked = [on(offset) for offset in (0, 5, 9, 30, 60, 61, 100, 200)]
    points = points_on({account.pk: asked}, gaps_over=20)[account.pk]
    assert [(point[0], point[2]) for point in points] == [
        (on(0), None),
        (on(5), None),
        # The next point found (day 12, for day 30) is near: no gap, and no seek.
        (on(9), None),
        # Day 60 is next after day 12: 48 days without a snapshot.
        (on(12), on(60)),
        (on(60), None),
        # The next point found is day 200, but so is the next snapshot: a gap.
        (on(61), on(200)),
        (on(200), None),
    ]


def test_a_far_next_point_with_a_near_snapshot_between_is_no_gap():
    account = factories.make_account()
    for offset in (0, 5, 30):
        factories.make_snapshot(account, on(offset), 1000)
    points = points_on({account.pk: [on(0), on(30)]}, gaps_over=20)
    assert points[account.pk] == [(on(0), 1000, None), (on(30), 1000, None)]


def test_gapped_path_lifts_the_pen_and_draws_a_lone_point_as_a_dot():
    coordinates = [(0, 10), (5, 8), (20, 6), (30, 4), (35, 2)]
    assert gapped_path(coordinates, [2, 3]) == "M0 10L5 8M20 6h0M30 4L35 2"
    assert gapped_path(coordinates, []) == "M0 10L5 8L20 6L30 4L35 2"


def test_build_chart_breaks_each_series_at_its_own_gaps():
    points = [(on(0), 100), (on(10), 200), (on(70), 300)]
    chart = build_chart(
        [("A", "#000000", points, {}, [Gap(on(10), on(70))]), ("B", None, points, {}, [])]
    )
    assert chart.series[0].path.count("M") == 2
    assert chart.series[1].path.count("M") == 1


def history_with_hole(hole_days, total_days=120):
    """One snapshot a day, ending today, with no snapshot for `hole_days` - 1 days in the middle."""
    account = factories.make_account()
    factories.make_history(account, days=total_days, start_followers=5_000, daily_gain=10)
    middle = account.snapshots.order_by("recorded_on")[total_days // 2].recorded_on
    account.snapshots.filter(
        recorded_on__gt=middle, recorded_on__lt=middle + datetime.timedelta(days=hole_days)
    ).delete()
    return account, middle


def chart_of(client, account):
    soup = BeautifulSoup(client.get(account.influencer.get_absolute_url()).content, "html.parser")
    return soup.select_one("figure.chart")


def text(element):
    return re.sub(r"\s+", " ", element.get_text(" ")).replace("\u00a0", " ")


def test_a_gap_longer_than_the_setting_breaks_the_line_and_the_table_says_so(
    client, settings, frozen_today
):
    settings.FOLLOWER_GAP_DAYS = 20
    account, middle = history_with_hole(21)
    figure = chart_of(client, account)
    assert figure.select_one("svg.chart__svg > path")["d"].count("M") == 2
    gap_row = figure.select_one("tr.chart__gap")
    end = middle + datetime.timedelta(days=21)
    assert [time["datetime"] for time in gap_row.select("time")] == [
        middle.isoformat(),
        end.isoformat(),
    ]
    assert "(21 jours)" in text(gap_row)
    assert "Ligne interrompue faute de relevé : du" in text(figure.figcaption)


def test_a_gap_as_long_as_the_setting_keeps_the_line_whole(client, settings, frozen_today):
    settings.FOLLOWER_GAP_DAYS = 20
    account, _middle = history_with_hole(20)
    figure = chart_of(client, account)
    assert figure.select_one("svg.chart__svg > path")["d"].count("M") == 1
    assert not figure.select("tr.chart__gap")
    assert "Ligne interrompue" not in text(figure)


def test_a_gap_in_a_long_history_is_found_exactly_between_the_plotted_days(
    client, settings, frozen_today
):
    # Five years daily: the chart asks for one day in twelve, the gap is still exact.
    settings.FOLLOWER_GAP_DAYS = 45
    account, middle = history_with_hole(47, total_days=5 * 365)
    gap_row = chart_of(client, account).select_one("tr.chart__gap")
    assert [time["datetime"] for time in gap_row.select("time")] == [
        middle.isoformat(),
        (middle + datetime.timedelta(days=47)).isoformat(),
    ]


def test_a_comparison_breaks_the_line_of_the_account_with_a_gap(client, settings, frozen_today):
    settings.FOLLOWER_GAP_DAYS = 20
    holed, middle = history_with_hole(30)
    steady = factories.make_account(platform=holed.platform)
    factories.make_history(steady, days=120)
    response = client.get(
        "/influenceurs/comparer/", {"i": [holed.influencer.slug, steady.influencer.slug]}
    )
    figure = BeautifulSoup(response.content, "html.parser").select_one("figure.chart")
    holed_line, steady_line = figure.select("svg.chart__svg > path[stroke-width]")
    assert holed_line["d"].count("M") == 2
    assert steady_line["d"].count("M") == 1
    [gap_row] = figure.select("tr.chart__gap")
    assert [time["datetime"] for time in gap_row.select("time")] == [
        middle.isoformat(),
        (middle + datetime.timedelta(days=30)).isoformat(),
    ]
    caption = text(figure.figcaption)
    assert f"{holed.influencer.name} : de" in caption
    assert "Ligne interrompue faute de relevé : du" in caption
