"""Long reads: word counts, reading time, and the outline of a body's h2/h3 headings.

The outline's anchors are made from each heading's own text (slugified, numbered
when two headings read the same), so editing another section never changes a
heading's address, and links shared to a section keep working. They live in their
own namespace, `section-…`, which no other id of any page uses: a heading reading
« pied-email » once took the id of the footer's e-mail field. (Anchors had no prefix
before: a link to an old anchor opens the article at its top.)
"""

import html
import math
import re
from typing import NamedTuple

from django.utils.html import strip_tags
from django.utils.text import slugify

WORDS_PER_MINUTE = 220
# A sanitized body's headings carry no attribute (see sanitizer.py), so this is exact.
HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.DOTALL)
BLOCK_END = re.compile(r"(</(?:p|h[2-4]|li|blockquote|figcaption)>|<br\s*/?>)")
# Every heading anchor starts with it, and no template id does (tests/articles/test_reading.py).
ANCHOR_PREFIX = "section"


class Heading(NamedTuple):
    level: int
    anchor: str
    text: str


def count_words(*texts):
    # Blocks end words: "</p><p>" must not glue the last word of one to the first of the next.
    text = BLOCK_END.sub(r"\1 ", " ".join(texts))
    return len(strip_tags(text).split())


def minutes_to_read(words):
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def outline(body):
    """The h2 and h3 headings of a sanitized body, in order, each with its anchor."""
    used = set()
    headings = []
    for match in HEADING.finditer(body):
        text = " ".join(html.unescape(strip_tags(match[2])).split())
        anchor = base = "-".join(filter(None, [ANCHOR_PREFIX, slugify(text)]))
        number = 1
        while anchor in used:
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        headings.append(Heading(int(match[1]), anchor, text))
    return headings


def anchor_headings(body, headings):
    """`body` with the ids of `headings` (its own outline) on its h2 and h3."""
    anchors = iter(heading.anchor for heading in headings)
    return HEADING.sub(
        lambda match: f'<h{match[1]} id="{next(anchors)}">{match[2]}</h{match[1]}>', body
    )


def nested(headings):
    """Headings as a two-level table of contents: [(h2, [its h3s]), …]."""
    sections = []
    for heading in headings:
        if heading.level == 3 and sections:
            sections[-1][1].append(heading)
        else:
            sections.append((heading, []))
    return sections
