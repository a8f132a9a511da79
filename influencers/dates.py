"""Dates as readers see them, formatted once per day rather than once per table cell.

A history page prints hundreds of dates; Django's date formatting (a formatter
object and a translated month name each time) cost more than the page's queries.
"""

import functools

from django.utils.dateformat import format as format_date
from django.utils.translation import get_language

LONG = "j F Y"  # 1 décembre 2026
SHORT = "j M Y"  # 1 déc. 2026


def day_label(day, format_string=LONG):
    return _day_label(day, format_string, get_language())


@functools.lru_cache(maxsize=8192)
def _day_label(day, format_string, language):
    # `language` is only part of the key: the month names come from the active one.
    return format_date(day, format_string)
