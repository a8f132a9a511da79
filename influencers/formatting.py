"""Dates and counts as readers see them, for pages that print hundreds of them.

A history page prints hundreds of dates and counts; Django's formatting (a
formatter object and a translated month name per date, a general-purpose number
formatter per count) cost more than the page's queries. Dates are formatted once
per day; whole counts are grouped by Python with the language's separator.
"""

import functools

from django.utils.dateformat import format as format_date
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

LONG = "j F Y"  # 1 décembre 2026
SHORT = "j N Y"  # 1 déc. 2026, 1 juin 2026 (never « Jui », which is June and July)


def day_label(day, format_string=LONG):
    return _day_label(day, format_string, get_language())


@functools.lru_cache(maxsize=8192)
def _day_label(day, format_string, language):
    # `language` is only part of the key: the month names come from the active one.
    return format_date(day, format_string)


def group_digits(count):
    """A whole count with the language's thousands separator: 1500000 → « 1 500 000 ».

    The one digit-grouping helper: pages (the `followers` filter), charts, the admin's
    messages and columns, import reports and email subjects all group counts with it.
    What `number_format(count, force_grouping=True)` gives for the site's language,
    whose digits are grouped by three; any other grouping goes through Django.
    """
    if get_format("NUMBER_GROUPING") != 3:
        return number_format(count, force_grouping=True)
    return f"{count:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def signed_count(change):
    """A change with its sign, grouped: +12 000, −3 400, 0."""
    sign = "+" if change > 0 else ("−" if change < 0 else "")
    return f"{sign}{group_digits(abs(change))}"
