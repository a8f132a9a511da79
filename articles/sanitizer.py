"""The one place that decides which HTML an article body may contain.

The editor's toolbar (EDITOR_EXTENSIONS) and the server-side allow-list
describe the same vocabulary: what cannot be typed cannot be stored either,
whatever is pasted or POSTed.
"""

import re
from html.parser import HTMLParser

import nh3
from django.conf import settings

from safeguards.links import WEB_SCHEMES, is_web_url

# django-prose-editor extensions: headings h2–h4, bold, italic, links, lists,
# blockquotes and figures with captions. Nothing else is offered.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    "HardBreak": True,
    "History": True,
}

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li",
    "blockquote", "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
}
# Web links and e-mail addresses; relative links stay (nh3 keeps them).
ALLOWED_URL_SCHEMES = {*WEB_SCHEMES, "mailto"}
LINK_ATTRIBUTES = {("a", "href"), ("blockquote", "cite")}
# Word and web pages wrap text in these; their content is kept, the tag dropped.
# Elements whose content is never text for the reader are removed whole.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "svg",
                        "math", "noscript", "title", "head", "xml", "o:p"}  # fmt: skip
RENAMED_TAGS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}


class _StyleToMeaning(HTMLParser):
    """Turn the inline styles of pasted HTML into the tags they mean.

    Google Docs and many web pages say bold and italic with
    style="font-weight:700" / "font-style:italic" on <span>s, and wrap a whole
    document in <b style="font-weight:normal">. Only those styles are read;
    everything else goes to nh3, which drops the styles themselves.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.output = []
        self.closers = []

    def handle_starttag(self, tag, attrs):
        style = "".join((dict(attrs).get("style") or "").split()).lower()
        if tag in ("span", "b", "strong", "i", "em", "font"):
            opened = []
            if "font-weight:normal" in style or "font-weight:400" in style:
                tag = None
            elif tag in ("b", "strong") or re.search(r"font-weight:(bold|[6-9]00)", style):
                opened.append("strong")
            if tag in ("i", "em") or "font-style:italic" in style:
                opened.append("em")
            self.closers.append(opened)
            self.output.extend(f"<{name}>" for name in opened)
            return
        self.output.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in ("span", "b", "strong", "i", "em", "font"):
            opened = self.closers.pop() if self.closers else []
            self.output.extend(f"</{name}>" for name in reversed(opened))
            return
        self.output.append(f"</{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.output.append(self.get_starttag_text())

    def handle_data(self, data):
        self.output.append(data)

    def handle_entityref(self, name):
        self.output.append(f"&{name};")

    def handle_charref(self, name):
        self.output.append(f"&#{name};")


def _styles_to_tags(html):
    converter = _StyleToMeaning()
    converter.feed(html)
    converter.close()
    return "".join(converter.output)


def _rename_presentational_tags(html):
    """Word's <b>/<i> become <strong>/<em>; a pasted <h1> becomes a section heading."""
    cleaner_tags = ALLOWED_TAGS | set(RENAMED_TAGS)
    html = nh3.clean(
        html,
        tags=cleaner_tags,
        clean_content_tags=DROPPED_WITH_CONTENT - {"o:p"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        strip_comments=True,
        link_rel=None,
    )
    for old, new in RENAMED_TAGS.items():
        html = html.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    return html


def _only_safe_sources(tag, attribute, value):
    # An image from another site would tell it who reads the article: only
    # images uploaded here (served from MEDIA_URL) keep their source.
    if tag == "img" and attribute == "src" and not value.startswith(settings.MEDIA_URL):
        return None
    # nh3 already refuses other schemes; the shared rule is checked too, so that the
    # body and every other stored link can never disagree.
    link = (tag, attribute) in LINK_ATTRIBUTES
    if link and not is_web_url(value, allow_relative=True, schemes=ALLOWED_URL_SCHEMES):
        return None
    return value


def sanitize_html(html):
    """Return `html` with everything outside the article vocabulary removed.

    Scripts, styles, event handlers, iframes, classes, inline styles and unknown
    tags are dropped (their text kept where harmless); images from other sites
    lose their source; Word's and web pages'
    wrappers disappear; links get rel="noopener noreferrer". Idempotent.
    """
    html = _rename_presentational_tags(_styles_to_tags(html or ""))
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_only_safe_sources,
    )
    return _drop_empty_paragraphs(html).strip()


IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _drop_empty_paragraphs(html):
    # Word pastes spacer paragraphs (<p>&nbsp;</p>); the stylesheet spaces blocks.
    for empty in ("<p></p>", "<p>&nbsp;</p>", "<p>\u00a0</p>", "<p><br></p>"):
        html = html.replace(empty, "")
    return IMAGE_WITHOUT_SOURCE.sub("", html)
