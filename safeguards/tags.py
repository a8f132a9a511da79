"""Every tag gets a slug that makes a URL, whatever its name.

taggit slugifies the name when a tag is created (from the admin's tag field, the
tag admin or code), and a name without letters or digits (`!!!`, `\\>`, an emoji,
right-to-left marks) slugifies to "" — after which every page linking to the tag,
the sitemap and the feeds fail to reverse `articles:tag`. A slug taken by another tag
or too long for the column fails the same way, one save later. The guard runs on
every save of a Tag, so no way of creating or editing one can store such a slug.
"""

import re

from django import forms
from django.db.models.signals import pre_save
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.forms import TagField
from taggit.models import Tag

from safeguards.text import free_value, single_line

# What Django's <slug:…> path converter accepts: anything else cannot be reversed.
URL_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
FALLBACK = "etiquette"


def free_slug(queryset, text, max_length, exclude_pk=None):
    """A slug for `text` that matches URL_SLUG, fits `max_length` and no row of
    `queryset` has: the ASCII slug of the text, or `etiquette-<n>` when nothing is left,
    with `-<n>` added on a collision."""
    base = slugify(text)[: max_length - 8].strip("-_") or FALLBACK
    taken = set(
        queryset.exclude(pk=exclude_pk).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    if base != FALLBACK and base not in taken:
        return base
    number = 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def is_usable(slug, queryset, max_length, pk):
    return (
        URL_SLUG.match(slug) is not None
        and len(slug) <= max_length
        and not queryset.exclude(pk=pk).filter(slug=slug).exists()
    )


def keep_tag_name_on_one_line(sender, instance, raw=False, **kwargs):
    """A tag's name is one line of plain text, as every title is (safeguards.text).

    taggit looks tags up by the name as given, so code adding "Mars\\nrouge" where
    « Mars rouge » exists would collide on the unique name: the new one is numbered.
    Forms clean names before the lookup (BoundedTagField) and find the existing tag.
    """
    if not raw and single_line(instance.name) != instance.name:
        instance.name = free_value(sender, instance.pk, "name", single_line(instance.name))


def give_tag_a_usable_slug(sender, instance, raw=False, **kwargs):
    if raw:
        return
    queryset = sender._default_manager.all()
    max_length = sender._meta.get_field("slug").max_length
    if not is_usable(instance.slug or "", queryset, max_length, instance.pk):
        # A slug typed by hand (in the tag admin) is kept as close as it can be.
        source = slugify(instance.slug or "") or instance.name
        instance.slug = free_slug(queryset, source, max_length, instance.pk)


def connect():
    # Before the slug, which is made from the name.
    pre_save.connect(keep_tag_name_on_one_line, sender=Tag, dispatch_uid="safeguards.tag-name")
    pre_save.connect(give_tag_a_usable_slug, sender=Tag, dispatch_uid="safeguards.tag-slug")


class BoundedTagField(TagField):
    """The tags field of admin forms, refusing a tag longer than Tag.name allows.

    taggit's own field would pass it on, and PostgreSQL would then refuse the row
    with an error page instead of a message next to the field.
    """

    def clean(self, value):
        # Each name is one line of plain text (safeguards.text); cleaning may make twins.
        names = dict.fromkeys(single_line(name).strip() for name in super().clean(value))
        names = [name for name in names if name]
        limit = Tag._meta.get_field("name").max_length
        if too_long := [name for name in names if len(name) > limit]:
            raise forms.ValidationError(
                _("Étiquette trop longue (%(limit)s caractères au plus) : « %(start)s… ».")
                % {"limit": limit, "start": too_long[0][:30]},
                code="tag_too_long",
            )
        return names


# For ModelAdmin.formfield_overrides, keyed by TaggableManager.
BOUNDED_TAGS = {"form_class": BoundedTagField}
