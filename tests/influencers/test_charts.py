"""History charts: downsampling, scales and ticks, and the weight of the page they sit on."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles.models import Article
from influencers.charts import (
    CHART_POINTS,
    build_chart,
    compact_count,
    count_ticks,
    date_ticks,
    downsample,
    sparkline_path,
)
from influencers.history import evenly_spaced_days, points_on
from tests import factories

DAY = datetime.date(2024, 1, 1)


def series(values, start=DAY):
    return [(start + datetime.timedelta(days=index), value) for index, value in enumerate(values)]


def test_downsample_keeps_the_points_largest_triangles_pick():
    # Buckets of three between the ends; hand-computed triangle areas:
    # bucket 1 (days 1-3) against the average of days 4-6 → day 2 (area 38.3);
    # bucket 2 (days 4-6) against day 7 → day 4 (area 30).
    points = series([0, 2, 9, 3, 1, 1, 8, 4])
    assert downsample(points, 4) == [points[0], points[2], points[4], points[7]]


def test_downsample_keeps_a_lone_spike_that_a_stride_would_drop():
    points = series([0, 0, 10, 0, 0])
    assert downsample(points, 3) == [points[0], points[2], points[4]]


def test_downsample_leaves_short_histories_alone():
    points = series([5, 6, 7])
    assert downsample(points, 150) == points


def test_five_daily_years_become_a_bounded_line_with_both_ends():
    points = series(range(5 * 365))
    kept = downsample(points, CHART_POINTS)
    assert len(kept) == CHART_POINTS
    assert kept[0] == points[0] and kept[-1] == points[-1]
    assert kept == sorted(kept)


def test_count_ticks_are_round_and_cover_the_range():
    assert count_ticks(180_000, 1_500_000) == [0, 500_000, 1_000_000, 1_500_000]
    assert count_ticks(1_020, 1_090) == [1_020, 1_040, 1_060, 1_080, 1_100]


def test_count_ticks_stay_whole_on_tiny_audiences():
    assert count_ticks(0, 0) == [0, 1]
    assert count_ticks(5, 7) == [5, 6, 7]


def test_count_ticks_open_up_a_flat_history():
    ticks = count_ticks(1000, 1000)
    assert ticks[0] < 1000 < ticks[-1]


def test_compact_counts_read_in_french():
    assert compact_count(1_500_000) == "1,5\u00a0M"
    assert compact_count(750_000) == "750\u00a0k"
    assert compact_count(2_000_000) == "2\u00a0M"
    assert compact_count(950) == "950"


def test_date_ticks_pick_years_months_or_days_by_span():
    assert [label for _, label in date_ticks(DAY, datetime.date(2029, 1, 1))] == [
        "2025", "2026", "2027", "2028", "2029",
    ]  # fmt: skip
    months = date_ticks(DAY, datetime.date(2024, 12, 31))
    assert [label for _, label in months] == ["avr. 2024", "juil. 2024", "oct. 2024"]
    days = date_ticks(DAY, datetime.date(2024, 1, 29))
    assert [label for _, label in days] == ["1 jan.", "8 jan.", "15 jan.", "22 jan.", "29 jan."]


def test_chart_places_points_between_the_axes():
    chart = build_chart([("Facebook", "#1877f2", series([100, 200]))])
    line = chart.series[0]
    assert line.path == f"M{chart.left} {chart.bottom}L{chart.right} {chart.top}"
    assert (line.end_x, line.end_y) == (chart.right, chart.top)


def test_chart_keeps_only_marks_inside_its_dates():
    marks = [
        {"date": DAY + datetime.timedelta(days=1), "label": "Dedans", "url": "/a/"},
        {"date": DAY - datetime.timedelta(days=1), "label": "Avant", "url": "/b/"},
    ]
    chart = build_chart([("X", "#000000", series([1, 2, 3]))], marks)
    assert [mark.label for mark in chart.marks] == ["Dedans"]


def test_nothing_to_draw_without_points():
    assert build_chart([("X", "#000000", [])]) is None
    assert sparkline_path(series([5])) == ""


def test_sparkline_spans_its_box():
    path = sparkline_path(series([10, 20, 15]), width=96, height=24)
    assert path == "M0 23L48 1L96 12"


@pytest.mark.django_db
def test_five_years_on_six_platforms_keep_the_page_under_100_kb(client):
    influencer = factories.make_influencer(slug="grande-histoire")
    for _ in range(6):
        account = factories.make_account(influencer=influencer)
        factories.make_history(account, days=5 * 365, start_followers=10_000, daily_gain=37)
    response = client.get(influencer.get_absolute_url())
    assert response.status_code == 200
    assert len(response.content) < 100_000, len(response.content)
    soup = BeautifulSoup(response.content, "html.parser")
    lines = soup.select("svg.chart__svg > path[stroke-width]")  # history lines, not projections
    assert len(lines) == 6
    for line in lines:
        assert len(re.findall(r"[ML]", line["d"])) <= CHART_POINTS


@pytest.mark.django_db
def test_chart_has_french_ticks_and_a_text_alternative(client):
    account = factories.make_account()
    factories.make_history(account, days=400, start_followers=1_000_000, daily_gain=1_000)
    soup = BeautifulSoup(client.get(account.influencer.get_absolute_url()).content, "html.parser")
    svg = soup.select_one("svg.chart__svg")
    assert svg["role"] == "img" and svg.title.string.startswith("Abonnés")
    tick_labels = [text.string for text in svg.select("text")]
    assert "1,2\u00a0M" in tick_labels
    assert any(re.fullmatch(r"\w+\.? 20\d\d", label) for label in tick_labels)
    caption = soup.select_one("figure.chart figcaption").get_text(" ", strip=True)
    assert "+399" in caption.replace("\u202f", "").replace("\u00a0", "")
    rows = soup.select("details.chart__data tbody tr")
    assert 2 <= len(rows) <= 24


@pytest.mark.django_db
def test_chart_marks_public_articles_about_the_influencer_only(client):
    account = factories.make_account()
    factories.make_history(account, days=60)
    published = factories.make_article(
        title="Une analyse publiée", published_at=timezone.now() - datetime.timedelta(days=20)
    )
    draft = factories.make_article(title="Un brouillon", status=Article.Status.DRAFT)
    for article in (published, draft):
        article.influencers.add(account.influencer)
    soup = BeautifulSoup(client.get(account.influencer.get_absolute_url()).content, "html.parser")
    marks = [mark.title.string for mark in soup.select("svg .chart__mark")]
    assert len(marks) == 1 and "Une analyse publiée" in marks[0]
    assert "Un brouillon" not in soup.get_text()


def test_evenly_spaced_days_include_both_ends():
    assert evenly_spaced_days(DAY, DAY + datetime.timedelta(days=9), 4) == [
        DAY + datetime.timedelta(days=offset) for offset in (0, 3, 6, 9)
    ]


def test_evenly_spaced_days_are_every_day_when_the_span_is_short():
    assert len(evenly_spaced_days(DAY, DAY + datetime.timedelta(days=4), 150)) == 5


@pytest.mark.django_db
def test_points_on_takes_the_snapshot_on_or_before_each_day_once():
    account = factories.make_account()
    for offset, followers in ((0, 100), (3, 130), (10, 200)):
        factories.make_snapshot(account, DAY + datetime.timedelta(days=offset), followers)
    empty = factories.make_account()
    asked = [DAY + datetime.timedelta(days=offset) for offset in (-1, 0, 1, 2, 5, 10)]
    points = points_on({account.pk: asked, empty.pk: asked})
    assert points == {
        account.pk: [
            (DAY, 100),
            (DAY + datetime.timedelta(days=3), 130),
            (DAY + datetime.timedelta(days=10), 200),
        ],
        empty.pk: [],
    }
