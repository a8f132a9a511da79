"""Markup written in Python (charts, table rows): one way to write it, escaping every value.

`html(template, *values)` is Django's `format_html`: each value is escaped unless it is
already markup; it also loses the characters XML cannot carry (`safeguards.text.xml_text`:
a control character in a label stored before `SingleLineCharField`), so the same markup
suits an HTML page and a standalone SVG. `template` is always a literal of the code,
never data. `join` and `interpolate` put markup together the same way. Nothing else in
`influencers` calls `mark_safe`.
"""

from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from safeguards.text import xml_text


def escaped(value):
    """`value` as markup: escaped text without what XML forbids, or markup as it is."""
    if isinstance(value, SafeData):
        return value
    return conditional_escape(xml_text(str(value)))


def html(template, *values):
    """The literal markup `template` with each `{}` replaced by a value, escaped."""
    if not values:
        return mark_safe(template)
    return mark_safe(template.format(*map(escaped, values)))


def join(parts, separator=""):
    """`parts` (markup or text, escaped) one after the other."""
    return mark_safe(escaped(separator).join(map(escaped, parts)))


def html_join(template, rows, separator=""):
    """`html(template, *row)` for each of `rows`, joined."""
    return join((html(template, *row) for row in rows), separator)


def interpolate(text, **values):
    """A translated `text` with `%(name)s` placeholders, filled with escaped values or markup."""
    return mark_safe(escaped(text) % {name: escaped(value) for name, value in values.items()})
