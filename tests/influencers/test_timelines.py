"""The influencer page's recent figures: projection on the page and chart, daily gains."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from influencers.models import Account
from influencers.timelines import attach_timelines, daily_gains, latest_on_each
from tests import factories

pytestmark = pytest.mark.django_db


def day(offset, today=datetime.date(2026, 12, 1)):
    return today + datetime.timedelta(days=offset)


def text_of(response):
    return re.sub(r"[\u00a0\u202f]", " ", response.text)


def test_latest_on_each_day_takes_the_snapshot_on_or_before_it_once():
    points = [(day(0), 1), (day(2), 2), (day(3), 3), (day(9), 4)]
    assert latest_on_each(points, [day(-1), day(1), day(2), day(4), day(8), day(9)]) == [
        (day(0), 1),
        (day(2), 2),
        (day(3), 3),
        (day(9), 4),
    ]


def test_daily_gains_count_from_the_previous_snapshot_and_say_over_how_many_days():
    points = [(day(-40), 900), (day(-31), 1_000), (day(-29), 1_040), (day(-28), 1_030)]
    gains = daily_gains(points, since=day(-29))
    assert [(g.day, g.followers, g.change, g.days) for g in gains] == [
        (day(-29), 1_040, 40, 2),
        (day(-28), 1_030, -10, 1),
    ]


def test_timelines_take_one_query_and_keep_the_chart_evenly_spaced(
    frozen_today, django_assert_num_queries
):
    account = factories.make_account()
    factories.make_history(account, days=400, start_followers=20_000, daily_gain=100)
    (account,) = Account.objects.with_growth().filter(pk=account.pk)
    with django_assert_num_queries(1):
        attach_timelines([account], chart_points=50)
    assert len(account.timeline.history) == 50
    assert account.timeline.history[0] == (day(-399), 20_000)
    assert account.timeline.history[-1] == (day(0), 59_900)
    assert len(account.timeline.recent) == 91  # every day of the last 90, both ends
    assert len(account.timeline.gains) == 30
    assert account.timeline.gains[0].day == day(0) and account.timeline.gains[0].change == 100
    # 59 900 today, +100 a day: 50 000 was passed, 100 000 is 401 days away.
    assert account.timeline.projection.expected_on == day(401)


def test_influencer_page_projects_the_next_milestone_and_states_the_method(client, frozen_today):
    account = factories.make_account()
    factories.make_history(account, days=61, start_followers=40_000, daily_gain=100)
    response = client.get(account.influencer.get_absolute_url())
    text = text_of(response)
    assert (
        "Projection : 50 000 abonnés vers le 10 janvier 2027 (entre le 10 janvier 2027 et le "
        "10 janvier 2027), au rythme de 100 abonnés par jour" in text
    )
    assert "Méthode : droite des moindres carrés" in text
    soup = BeautifulSoup(response.content, "html.parser")
    dashed = soup.select_one("svg.chart__svg .chart__projection path")
    assert dashed["stroke-dasharray"]
    # From the last point, to the right of the history line's end.
    line_end = soup.select_one("svg.chart__svg > circle")
    start_x, start_y, end_x, _end_y = map(float, re.findall(r"[\d.]+", dashed["d"]))
    assert (start_x, start_y) == (float(line_end["cx"]), float(line_end["cy"]))
    assert end_x > start_x


def test_influencer_page_says_why_there_is_no_projection(client, frozen_today):
    account = factories.make_account()
    factories.make_history(account, days=61, start_followers=40_000, daily_gain=100)
    account.snapshots.filter(recorded_on__gt=day(-31)).delete()
    response = client.get(account.influencer.get_absolute_url())
    assert "Pas de projection : le dernier relevé est trop ancien." in text_of(response)
    assert not BeautifulSoup(response.content, "html.parser").select(".chart__projection")


def test_gains_table_is_collapsed_and_lists_the_last_30_days(client, frozen_today):
    account = factories.make_account()
    factories.make_history(account, days=45, start_followers=1_000, daily_gain=25)
    soup = BeautifulSoup(client.get(account.influencer.get_absolute_url()).content, "html.parser")
    details = soup.select_one("details.gains")
    assert details is not None and not details.has_attr("open")
    rows = details.select("tbody tr")
    assert len(rows) == 30
    assert rows[0].th.time["datetime"] == "2026-12-01"
    assert rows[0].select("td")[-1].get_text(strip=True) == "+25"


def test_a_gain_over_several_days_says_over_how_many(client, frozen_today):
    account = factories.make_account()
    factories.make_history(account, days=45, start_followers=1_000, daily_gain=25)
    account.snapshots.filter(recorded_on__in=[day(-1), day(-2)]).delete()
    soup = BeautifulSoup(client.get(account.influencer.get_absolute_url()).content, "html.parser")
    first = soup.select_one("details.gains tbody tr")
    assert first.th.get_text(strip=True) == "1 décembre 2026"
    assert first.select("td")[0].get_text(strip=True) == "2\xa0100"
    assert first.select("td")[-1].get_text(" ", strip=True) == "+75 en 3 jours"


def test_influencer_page_queries_do_not_grow_with_history_gaps_or_milestones(client, frozen_today):
    """Milestones, gaps, projection and gains add no query per account or per snapshot."""
    short = factories.make_account()
    factories.make_snapshot(short, recorded_on=day(0), followers=500)

    long = factories.make_influencer()
    for start in (5_000, 90_000):
        account = factories.make_account(influencer=long)
        factories.make_history(account, days=3 * 365, start_followers=start, daily_gain=400)
        account.snapshots.filter(recorded_on__range=(day(-500), day(-400))).delete()

    def queries(influencer):
        with CaptureQueriesContext(connection) as context:
            assert client.get(influencer.get_absolute_url()).status_code == 200
        return len(context)

    assert queries(short.influencer) == queries(long) <= 10
