"""Checks before publishing: what an editor should look at again, never a reason to refuse.

`content_warnings(article)` reads the article's fields and body as they are (no
database access) and returns warnings that point at the spot: a form field, and
for the body the n-th element of a tag (`img`, `h4`, `a`…), which the change form
turns into a link to the field and, with JavaScript, into the editor's cursor on
that element (articles/static/articles/content-checks.js).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.translation import gettext as _

# What search results show before cutting with an ellipsis.
SEO_TITLE_MAX = 60
SEO_DESCRIPTION_MAX = 155
# Link texts that say nothing out of context: screen-reader users list a page's
# links, and search engines read them as a description of the target.
VAGUE_LINK_TEXTS = {
    "ici", "là", "cliquez ici", "cliquer ici", "clique ici", "lien", "ce lien", "le lien",
    "en savoir plus", "pour en savoir plus", "savoir plus", "plus", "lire la suite",
    "la suite", "suite", "voir", "voir ici", "page", "cette page", "article", "cet article",
    "click here", "here", "link", "more", "read more",
}  # fmt: skip
HEADING = re.compile(r"^h([1-6])$")


@dataclass(frozen=True)
class ContentWarning:
    """One thing to look at again: `field` is the form field; `spot` the body element
    ("img:0" is the body's first image), empty when the whole field is meant."""

    message: str
    field: str
    spot: str = ""


class _BodyReader(HTMLParser):
    """Walks the body once and notes what the checks need, tag by tag."""

    def __init__(self):
        super().__init__()
        self.counts = {}  # tag -> how many seen so far, to name each element's spot
        self.warnings = []
        self.heading_level = 1  # the page's <h1> is the article's title
        self.link = None  # (spot, text parts, has an image with alt) while inside <a>
        self.paragraph_text = None
        self.paragraphs_with_text = 0

    def _spot(self, tag):
        index = self.counts.get(tag, 0)
        self.counts[tag] = index + 1
        return f"{tag}:{index}"

    def handle_starttag(self, tag, attrs):
        spot = self._spot(tag)
        attributes = dict(attrs)
        if tag == "img":
            alt = (attributes.get("alt") or "").strip()
            if self.link is not None and alt:
                self.link[2].append(alt)
            if not alt:
                self.warnings.append(
                    ContentWarning(_("Image sans texte alternatif."), "body", spot)
                )
        elif tag == "a":
            self.link = (spot, [], [])
        elif tag == "p":
            self.paragraph_text = []
        elif heading := HEADING.match(tag):
            self._check_heading_level(int(heading[1]), spot)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def _check_heading_level(self, level, spot):
        if level > self.heading_level + 1:
            message = _("Intertitre de niveau %(level)d après un niveau %(previous)d : "
                        "il manque un niveau %(missing)d.")  # fmt: skip
            values = {"level": level, "previous": self.heading_level,
                      "missing": self.heading_level + 1}  # fmt: skip
            self.warnings.append(ContentWarning(message % values, "body", spot))
        self.heading_level = level

    def handle_data(self, data):
        if self.link is not None:
            self.link[1].append(data)
        if self.paragraph_text is not None:
            self.paragraph_text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            self._check_link(*self.link)
            self.link = None
        elif tag == "p" and self.paragraph_text is not None:
            self.paragraphs_with_text += bool("".join(self.paragraph_text).strip())
            self.paragraph_text = None

    def _check_link(self, spot, texts, image_alts):
        text = " ".join("".join(texts).split())
        if not text and not image_alts:
            self.warnings.append(ContentWarning(_("Lien sans texte."), "body", spot))
        elif text.lower().strip(" .…:!?»«\u00a0") in VAGUE_LINK_TEXTS:
            message = _("Lien au texte vague « %(text)s » : dites où il mène.") % {"text": text}
            self.warnings.append(ContentWarning(message, "body", spot))


def _body_warnings(body):
    reader = _BodyReader()
    reader.feed(body or "")
    reader.close()
    if not reader.paragraphs_with_text:
        reader.warnings.append(ContentWarning(_("Le texte n'a aucun paragraphe."), "body"))
    return reader.warnings


def _seo_warnings(article):
    warnings = []
    if not article.seo_title.strip():
        warnings.append(ContentWarning(
            _("Titre SEO manquant : les moteurs de recherche montreront le titre de l'article."),
            "seo_title",
        ))  # fmt: skip
    page_title = article.seo_title.strip() or article.title
    if len(page_title) > SEO_TITLE_MAX:
        message = _("Titre pour les moteurs de recherche trop long (%(length)d caractères, "
                    "%(max)d au plus) : il sera coupé.")  # fmt: skip
        values = {"length": len(page_title), "max": SEO_TITLE_MAX}
        warnings.append(ContentWarning(message % values, "seo_title"))
    description = article.seo_description.strip()
    if not description:
        warnings.append(ContentWarning(
            _("Description SEO manquante : les moteurs de recherche montreront le début du chapô."),
            "seo_description",
        ))  # fmt: skip
    elif len(description) > SEO_DESCRIPTION_MAX:
        message = _("Description SEO trop longue (%(length)d caractères, %(max)d au plus) : "
                    "elle sera coupée.")  # fmt: skip
        values = {"length": len(description), "max": SEO_DESCRIPTION_MAX}
        warnings.append(ContentWarning(message % values, "seo_description"))
    return warnings


def content_warnings(article):
    """What to check before publishing `article`: body first, in reading order, then SEO.

    Pure: reads the fields of the instance given (saved or not) and nothing else.
    """
    return _body_warnings(article.body) + _seo_warnings(article)
