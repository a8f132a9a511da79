"""Anomalies: the rule on hand-computed histories, and every write path flags."""

import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from influencers.anomalies import AnomalyRule, AnomalyTracker, is_anomaly
from influencers.bulk_entry import record_bulk_entry
from influencers.imports import PlannedSnapshot, import_followers_csv
from influencers.models import FollowerSnapshot, ReviewStatus
from tests import factories

RULE = AnomalyRule(window=14, factor=8, min_change=500, min_percent=1, min_history=3)
START = datetime.date(2024, 1, 1)


def day(offset):
    return START + datetime.timedelta(days=offset)


# Ten days of +100 a day from 100 000: the usual daily change is 100, the last count
# 100 900 (on day 9), so the floor is max(500, 1 % × 100 900 = 1 009) followers a day.
STEADY = [(day(offset), 100_000 + 100 * offset) for offset in range(10)]


# -- The rule, by hand ---------------------------------------------------------------


def test_a_usual_gain_is_not_an_anomaly():
    assert not is_anomaly(STEADY, day(10), 101_000, RULE)


def test_a_spike_far_above_the_trend_and_the_floors_is_an_anomaly():
    # +49 100 in a day: above 8 × 100 = 800 and above the 1 009 floor.
    assert is_anomaly(STEADY, day(10), 150_000, RULE)


def test_a_drop_counts_like_a_rise():
    # A purge: −10 900 in a day.
    assert is_anomaly(STEADY, day(10), 90_000, RULE)


def test_a_change_under_the_floor_is_never_an_anomaly():
    # +1 000 in a day is 10 × the usual 100, but under the 1 009 a day floor.
    assert not is_anomaly(STEADY, day(10), 101_900, RULE)
    assert is_anomaly(STEADY, day(10), 101_910, RULE)


def test_a_gap_spreads_the_change_over_its_days():
    # Thirty days later, +3 000 is the usual 100 a day; the same +3 000 in one day is not.
    assert not is_anomaly(STEADY, day(39), 103_900, RULE)
    assert is_anomaly(STEADY, day(10), 103_900, RULE)


def test_a_single_snapshot_or_two_is_no_trend():
    assert not is_anomaly(STEADY[:1], day(1), 1_000_000, RULE)
    assert not is_anomaly(STEADY[:2], day(2), 1_000_000, RULE)
    assert is_anomaly(STEADY[:3], day(3), 1_000_000, RULE)


def test_one_snapshot_is_never_a_trend_whatever_the_setting():
    rule = AnomalyRule(window=14, factor=8, min_change=500, min_percent=1, min_history=1)
    assert not is_anomaly(STEADY[:1], day(1), 1_000_000, rule)


def test_rows_out_of_date_order_are_judged_against_the_days_before_them():
    tracker = AnomalyTracker(RULE)
    tracker.recent = {1: list(STEADY)}  # as loaded from the database
    late = PlannedSnapshot(1, day(5), 150_000)  # between known days: judged on days 0 to 4
    assert tracker.flag([late]) == 1
    assert tracker.recent[1] == STEADY, "a flagged count never enters the trend"


def test_a_noisy_account_tolerates_its_own_noise():
    # ±2 000 a day, alternately: usual change 2 000; +5 000 stays under 8 × 2 000.
    noisy = [(day(offset), 100_000 + 2_000 * (offset % 2)) for offset in range(10)]
    assert not is_anomaly(noisy, day(10), 107_000, RULE)


def test_the_thresholds_are_settings(settings):
    settings.FOLLOWER_ANOMALY_MIN_CHANGE = 100_000
    assert AnomalyRule.from_settings().min_change == 100_000
    assert not is_anomaly(STEADY, day(10), 150_000, AnomalyRule.from_settings())


# -- The tracker over the database ----------------------------------------------------


@pytest.fixture
def account(db):
    influencer = factories.make_influencer(slug="astrid", name="Astrid")
    platform = factories.make_platform(slug="facebook", name="Facebook")
    account = factories.make_account(influencer, platform)
    for recorded_on, followers in STEADY:
        factories.make_snapshot(account, recorded_on, followers)
    return account


def planned(account, offset, followers):
    return PlannedSnapshot(account.pk, day(offset), followers)


def test_an_unreviewed_anomaly_is_left_out_of_the_next_days_trend(account):
    factories.make_snapshot(account, day(10), 150_000, review=ReviewStatus.TO_REVIEW)
    row = planned(account, 11, 101_100)
    assert AnomalyTracker(RULE).flag([row]) == 0, "judged against day 9, not the spike"


def test_a_batch_is_judged_against_its_own_earlier_rows(account):
    rows = [planned(account, 10, 150_000), planned(account, 11, 101_100),
            planned(account, 12, 101_200)]  # fmt: skip
    assert AnomalyTracker(RULE).flag(rows) == 1
    assert [row.to_review for row in rows] == [True, False, False]


def test_a_corrected_anomaly_is_cleared(account, data_user, settings):
    spike = factories.make_snapshot(account, day(10), 150_000, review=ReviewStatus.TO_REVIEW)
    spike.correct(101_000, data_user)
    spike.refresh_from_db()
    assert (spike.followers, spike.review, spike.reviewed_by) == (101_000, "", data_user)


def test_a_correction_still_out_of_trend_stays_to_review(account, data_user):
    spike = factories.make_snapshot(account, day(10), 150_000, review=ReviewStatus.TO_REVIEW)
    spike.correct(140_000, data_user)
    spike.refresh_from_db()
    assert spike.review == ReviewStatus.TO_REVIEW


# -- Every write path flags ------------------------------------------------------------


def test_admin_form_flags_a_spike(client, account, data_user):
    client.force_login(data_user)
    response = client.post(
        "/admin/influencers/followersnapshot/add/",
        {"account": account.pk, "recorded_on": day(10).isoformat(), "followers": "150000",
         "source": "manual"},
        follow=True,
    )  # fmt: skip
    snapshot = account.snapshots.get(recorded_on=day(10))
    assert snapshot.review == ReviewStatus.TO_REVIEW
    assert "enregistrée « à vérifier »" in response.text


def test_admin_form_leaves_a_usual_count_alone(client, account, data_user):
    client.force_login(data_user)
    client.post(
        "/admin/influencers/followersnapshot/add/",
        {"account": account.pk, "recorded_on": day(10).isoformat(), "followers": "101000",
         "source": "manual"},
    )  # fmt: skip
    assert account.snapshots.get(recorded_on=day(10)).review == ReviewStatus.NONE


def test_bulk_entry_flags_a_spike_and_says_so(client, account, data_user, frozen_today):
    client.force_login(data_user)
    response = client.post(
        "/admin/influencers/followersnapshot/bulk-entry/",
        {"recorded_on": day(10).isoformat(), f"count_{account.pk}": "150 000"},
        follow=True,
    )
    assert account.snapshots.get(recorded_on=day(10)).review == ReviewStatus.TO_REVIEW
    assert "Hors de la tendance du compte, à vérifier (1)" in response.text


def test_bulk_entry_function_reports_the_flag(account, data_user):
    [row] = record_bulk_entry({account.pk: 90_000}, day(10), user=data_user)
    assert row.to_review
    assert FollowerSnapshot.objects.to_review().get().followers == 90_000


def csv_lines(account, rows):
    header = "influencer,platform,date,followers\n"
    body = "".join(f"astrid,facebook,{day(offset).isoformat()},{count}\n" for offset, count in rows)
    return io.BytesIO((header + body).encode())


def test_csv_import_flags_in_preview_and_when_written(account):
    rows = [(10, 101_000), (11, 150_000), (12, 101_200)]
    preview = import_followers_csv(csv_lines(account, rows), commit=False, sample_size=5)
    assert preview.flagged == 1 and preview.flagged_samples[0].followers == 150_000
    assert "« à vérifier » : 1." in preview.summary()
    report = import_followers_csv(csv_lines(account, rows))
    assert report.written and report.flagged == 1
    assert list(FollowerSnapshot.objects.to_review().values_list("followers", flat=True)) == [
        150_000
    ]


def test_csv_import_correcting_a_flagged_figure_clears_it(account):
    factories.make_snapshot(account, day(10), 150_000, review=ReviewStatus.TO_REVIEW)
    report = import_followers_csv(csv_lines(account, [(10, 101_000)]))
    assert report.updated == 1 and report.flagged == 0
    assert not FollowerSnapshot.objects.to_review().exists()


def test_a_file_that_changes_nothing_flags_nothing(account):
    report = import_followers_csv(csv_lines(account, [(9, 100_900)]))
    assert report.unchanged == 1 and report.flagged == 0


def test_import_command_flags_and_says_so(account, tmp_path):
    path = tmp_path / "releves.csv"
    path.write_bytes(csv_lines(account, [(10, 30_000)]).getvalue())
    stdout = io.StringIO()
    call_command("import_followers", str(path), stdout=stdout, stderr=io.StringIO())
    assert "« à vérifier » : 1." in stdout.getvalue()
    assert account.snapshots.get(recorded_on=day(10)).review == ReviewStatus.TO_REVIEW


# -- Readers see it ------------------------------------------------------------------


def test_public_chart_shows_an_unreviewed_anomaly_as_to_verify(client, account):
    factories.make_snapshot(account, day(10), 150_000, review=ReviewStatus.TO_REVIEW)
    soup = BeautifulSoup(client.get("/influenceurs/astrid/").content, "html.parser")
    marks = soup.select("svg.chart__svg .chart__to-verify")
    assert len(marks) == 1 and "à vérifier" in marks[0].title.string
    assert "150" in marks[0].title.string
    assert "à vérifier" in soup.select_one(".chart__legend").get_text()
    table = soup.select_one("details.chart__data").get_text(" ", strip=True)
    assert "à vérifier" in table
    exported = client.get("/influenceurs/astrid/abonnes.json")
    reviews = [
        row["review"] for row in json.loads(b"".join(exported.streaming_content))["snapshots"]
    ]
    assert reviews == [""] * 10 + ["to_review"]


def test_an_anomaly_between_chart_points_is_still_shown(client, account):
    # 400 daily points: the chart asks for 150 evenly spaced days, the spike is not one.
    account.snapshots.all().delete()
    factories.make_history(account, days=400, start_followers=100_000, daily_gain=100, end=day(400))
    FollowerSnapshot.objects.filter(account=account, recorded_on=day(201)).update(
        followers=300_000, review=ReviewStatus.TO_REVIEW
    )
    soup = BeautifulSoup(client.get("/influenceurs/astrid/").content, "html.parser")
    assert len(soup.select("svg.chart__svg .chart__to-verify")) == 1


def test_a_confirmed_anomaly_is_drawn_as_a_plain_point(client, account, data_user):
    spike = factories.make_snapshot(account, day(10), 150_000, review=ReviewStatus.TO_REVIEW)
    spike.confirm(data_user)
    soup = BeautifulSoup(client.get("/influenceurs/astrid/").content, "html.parser")
    assert not soup.select("svg.chart__svg .chart__to-verify")
