"""What changed between two saved revisions of an article, for the admin."""

import difflib
import re

from django.utils.translation import gettext as _

from articles.models import Article

# One line per block, so a diff reads paragraph by paragraph.
BLOCK_END = re.compile(r"(</(?:p|h2|h3|h4|li|ul|ol|blockquote|figure)>)")
COMPARED_FIELDS = ["title", "slug", "standfirst", "status", "published_at", "cover", "cover_alt",
                   "cover_credit", "seo_title", "seo_description", "is_featured"]  # fmt: skip


def body_blocks(html):
    # Each closing tag is followed by a line break, then the text is cut there.
    lines = BLOCK_END.sub("\\1\n", html or "").split("\n")
    return [line.strip() for line in lines if line.strip()]


def body_diff(old_html, new_html):
    """(kind, block) pairs: kind is "removed", "added" or "same"; block is raw HTML text."""
    kinds = {"- ": "removed", "+ ": "added", "  ": "same"}
    return [
        (kinds[line[:2]], line[2:])
        for line in difflib.ndiff(body_blocks(old_html), body_blocks(new_html))
        if line[:2] in kinds
    ]


def field_changes(old_record, new_record):
    """(label, old value, new value) for each compared field that differs."""
    changes = []
    for name in COMPARED_FIELDS:
        old_value, new_value = getattr(old_record, name), getattr(new_record, name)
        if old_value != new_value:
            field = Article._meta.get_field(name)
            if field.choices:
                old_value = dict(field.flatchoices).get(old_value, old_value)
                new_value = dict(field.flatchoices).get(new_value, new_value)
            changes.append((field.verbose_name, old_value or _("(vide)"), new_value or _("(vide)")))
    return changes
