"""Images and embedded posts in article pages: <picture> elements and post cards."""

import html
import re

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.images import responsive_sources
from articles.reading import anchor_headings

register = template.Library()

# The body was sanitized by nh3 on save, whose serializer always writes
# double-quoted attributes: these patterns only ever read that output.
IMAGE_TAG = re.compile(r"<img\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
LINK_PARAGRAPH = re.compile(r'<p>\s*<a href="([^"]*)"[^>]*>[^<]*</a>\s*</p>')
# Body images are at most the width of the text column.
PROSE_SIZES = "(min-width: 48rem) 42rem, 100vw"


@register.simple_tag
def responsive_picture(field_file, width, height, alt, sizes="100vw", loading="lazy", credit=""):
    """A <picture> with WebP and JPEG/PNG renditions; a plain <img> if the size is unknown.

    Built in Python rather than by a template: cards print a dozen per page, and
    rendering a template each time cost more than the rest of the card.
    """
    if not field_file:
        return ""
    if width and height:
        sources = responsive_sources(field_file, width, height)
        # Every current browser takes the WebP set; the rare one that cannot gets one
        # middle-sized JPEG or PNG rather than a second set, which weighed on every card.
        fallback = sources["fallback"][len(sources["fallback"]) // 2][0]
        html = format_html(
            '<picture><source type="image/webp" srcset="{}" sizes="{}">'
            '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async">'
            "</picture>",
            srcset(sources["webp"]), sizes, fallback,
            sources["width"], sources["height"], alt, loading,
        )  # fmt: skip
    else:
        html = format_html('<img src="{}" alt="{}" loading="{}">', field_file.url, alt, loading)
    if credit:
        html += format_html('<small class="picture-credit">Crédit : {}</small>', credit)
    return html


def srcset(entries):
    return ", ".join(f"{url} {width}w" for url, width in entries)


@register.simple_tag
def article_body(article):
    """The stored body with its images as responsive pictures and post links as cards.

    Reads `article.images` and `article.embeds` (prefetch them). Images that
    are not the article's own are left out: the sanitizer already keeps only
    our media, this keeps only this article's.
    """
    images = {image.image.url: image for image in article.images.all()}
    embeds = {embed.url: embed for embed in article.embeds.all()}

    def picture(match):
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(match[1])}
        image = images.get(attributes.get("src"))
        if image is None:
            return ""
        alt = attributes.get("alt") or image.alt
        return responsive_picture(
            image.image, image.width, image.height, alt, PROSE_SIZES, credit=image.credit
        )

    def card(match):
        embed = embeds.get(html.unescape(match[1]))
        return embed_card(embed) if embed else match[0]

    body = article.body
    if article.outline:  # a long read: its headings get the anchors of its table of contents
        body = anchor_headings(body, article.outline)
    body = IMAGE_TAG.sub(picture, body)
    # Safe: the body was sanitized on save; the inserted parts come from templates.
    return mark_safe(LINK_PARAGRAPH.sub(card, body))


@register.simple_tag
def unplaced_embeds(article):
    """Embedded posts whose link is not alone in a body paragraph: shown after the text."""
    placed = {html.unescape(url) for url in LINK_PARAGRAPH.findall(article.body)}
    return [embed for embed in article.embeds.all() if embed.url not in placed]


@register.simple_tag
def embed_card(embed):
    return render_to_string("articles/embed_card.html", {"embed": embed})
