"""Accessible names for the admin controls that Django renders without a <label>.

Django's tabular inlines and the editable columns of a change list name their columns
with <th> only, and file inputs sit in a fieldset whose <legend> names the group, not
the input: screen readers (and axe-core, run on every admin page by
tests/browser/test_admin_pages.py) find those controls unnamed. `AccessibleNamesMixin`
gives each of them an `aria-label` made of its field's label; nothing changes on screen.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.text import capfirst


def _name(widget, label):
    # The wrapper's own `attrs` is its original widget's, shared between forms.
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    if label and not widget.is_hidden:
        widget.attrs.setdefault("aria-label", str(capfirst(label)))


def _name_file_inputs(fields):
    for field in fields.values():
        if isinstance(field.widget, forms.FileInput):
            _name(field.widget, field.label)


class AccessibleNamesMixin:
    """For ModelAdmin classes (their file inputs and `list_editable` cells) and inlines
    (every cell of a tabular one).

    What other scripts build in the page (the autocompletes' select2 controls, the prose
    editor's editable area) is named by static/js/admin-accessible-names.js, which
    templates/admin/base_site.html loads on every admin screen.
    """

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        _name_file_inputs(form.base_fields)
        return form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        tabular = isinstance(self, admin.TabularInline)

        class NamedFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if not tabular:
                    _name_file_inputs(form.fields)
                    return
                row = "" if index is None else f" ({index + 1})"
                for field in form.fields.values():
                    _name(field.widget, f"{capfirst(field.label or '')}{row}")

        NamedFormSet.__name__ = formset.__name__
        return NamedFormSet

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)

        class NamedFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                # Each row's cell says which object it edits: "Position (Facebook)".
                for field in form.fields.values():
                    _name(field.widget, f"{capfirst(field.label or '')} ({form.instance})")

        NamedFormSet.__name__ = formset.__name__
        return NamedFormSet
