"""The fast formatting of history pages says exactly what Django's formatting says."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.formats import number_format

from influencers.formatting import SHORT, day_label, group_digits, signed_count


@pytest.mark.parametrize("count", [0, 7, 999, 1_000, 12_345, -1_234_567, 1_500_000, 10**12])
def test_counts_are_grouped_as_django_groups_them(count):
    with translation.override("fr"):
        assert group_digits(count) == number_format(count, force_grouping=True)
    assert group_digits(1_500_000) == "1\xa0500\xa0000"


def test_day_labels_follow_the_active_language():
    day = datetime.date(2026, 12, 1)
    with translation.override("fr"):
        assert day_label(day) == "1 décembre 2026"
        assert day_label(day, SHORT) == format_date(day, SHORT)
    with translation.override("en"):
        assert day_label(day) == "1 December 2026"


def test_short_day_labels_tell_june_from_july_in_french():
    with translation.override("fr"):
        labels = [day_label(datetime.date(2026, month, 3), SHORT) for month in (6, 7, 12)]
    assert labels == ["3 juin 2026", "3 juil. 2026", "3 déc. 2026"]


@pytest.mark.parametrize(
    ("change", "shown"),
    [(12_000, "+12\xa0000"), (-3_400, "−3\xa0400"), (0, "0"), (999, "+999")],
)
def test_changes_are_grouped_with_their_sign(change, shown):
    with translation.override("fr"):
        assert signed_count(change) == shown


def test_the_admin_groups_a_cited_figure_as_the_public_pages_do():
    """With Django's French separator (a no-break space), through `group_digits`."""
    from articles.admin import CitedFigureInline

    figure = SimpleNamespace(
        snapshot_id=1,
        snapshot=SimpleNamespace(followers=1_500_000, recorded_on=datetime.date(2019, 2, 16)),
    )
    with translation.override("fr"):
        shown = CitedFigureInline.resolved_figure(None, figure)
    assert shown == "1\xa0500\xa0000 (16/02/2019)"
