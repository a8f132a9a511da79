"""Plain text on one line, and text that XML can carry.

A title, a name or a label is one line: a line break in it (CR, LF, VT, FF, U+2028,
U+2029, NEL) or a tab becomes a space, and any other control character (ESC, BEL, NUL…)
is removed — a feed, an HTTP header, a PNG drawn by Pillow or an SVG cannot all carry
them, and no reader meant them. Format characters stay: the zero-width joiner of an
emoji sequence, right-to-left marks.

`SingleLineCharField` applies the rule to a model field whatever the path of the value
(admin or other form, CSV import, command, `update()`, `bulk_update()`): it is one rule,
in one place. Multi-line text (a bio, a standfirst) keeps its line breaks; `xml_text`
drops what XML 1.0 forbids where such text is written into XML.
"""

import re

from django import forms
from django.db import models

# Everything str.splitlines() breaks on, and the tab.
BREAKS = re.compile(r"[\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]+")
# The other control characters (Unicode category Cc).
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# What XML 1.0 does not allow in a document (https://www.w3.org/TR/xml/#charsets),
# plus the C1 controls it discourages.
NOT_XML = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def single_line(text):
    """`text` on one line: each run of line breaks and tabs a space, other controls gone."""
    if not isinstance(text, str):
        return text
    return CONTROLS.sub("", BREAKS.sub(" ", text))


def header_text(text):
    """`text` for a one-line header (an email subject): every line break and control
    character a space, each run of spaces one space. No-break spaces stay."""
    spaced = CONTROLS.sub(" ", BREAKS.sub(" ", str(text)))
    return re.sub(" {2,}", " ", spaced).strip(" ")


def xml_text(text):
    """`text` without the characters XML 1.0 cannot carry; line breaks and tabs stay."""
    if not isinstance(text, str):
        return text
    return NOT_XML.sub("", text)


class SingleLineFormField(forms.CharField):
    def to_python(self, value):
        return super().to_python(single_line(value))


class SingleLineCharField(models.CharField):
    """A CharField holding one line of plain text (see the module's docstring).

    The value is cleaned in forms (so the admin shows what is stored), on the instance
    when it is saved, and in every value sent to the database, `update()` included.
    """

    def to_python(self, value):
        return single_line(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = single_line(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return single_line(super().get_prep_value(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SingleLineFormField, **kwargs})


def repair(apps, labels_and_fields):
    """For data migrations: apply the rule to the rows stored before it.

    `labels_and_fields` maps "app_label.Model" to field names. A value that would
    collide with another row's in a unique field gets a number (« Nom (2) »).
    """
    for label, field_names in labels_and_fields.items():
        model = apps.get_model(label)
        for row in model._default_manager.only("pk", *field_names).iterator():
            changed = {}
            for name in field_names:
                value = getattr(row, name)
                if isinstance(value, str) and single_line(value) != value:
                    changed[name] = free_value(model, row.pk, name, single_line(value))
            if changed:
                model._default_manager.filter(pk=row.pk).update(**changed)


def free_value(model, pk, name, value):
    field = model._meta.get_field(name)
    if not field.unique:
        return value
    others = model._default_manager.exclude(pk=pk)
    candidate, number = value, 1
    while others.filter(**{name: candidate}).exists():
        number += 1
        suffix = f" ({number})"
        candidate = value[: field.max_length - len(suffix)] + suffix
    return candidate
