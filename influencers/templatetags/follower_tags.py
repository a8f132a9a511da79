from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def followers(value):
    """A follower count with French grouping: 1500000 → « 1 500 000 »."""
    if value is None or value == "":
        return "—"
    return number_format(int(value), force_grouping=True)


@register.filter
def signed_followers(value):
    """A change in followers with its sign: +12 000, −3 400, 0."""
    if value is None or value == "":
        return "—"
    value = int(value)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), force_grouping=True)}"


@register.filter
def percent(value, digits=1):
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number_format(abs(value), decimal_pos=digits)} %"
