"""Share cards: the PNG that social networks show for a page (`og:image`), drawn with Pillow.

A card is a heading, a line under it, up to four figures (a coloured dot, a label, a
count) and a small line chart. Drawing one takes tens of milliseconds, so cards are
kept in the shared cache under a key that changes with the figures they show
(`cached_card`): a new or corrected snapshot gives a new key, hence a new card.
"""

import functools
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

from influencers.charts import downsample
from safeguards.text import single_line

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the size Facebook, LinkedIn and X display best
CARD_FIGURES = 4
CARD_CACHE_SECONDS = 7 * 24 * 3600  # the key changes with the figures: age is no concern
BACKGROUND = "#fbf8f2"
INK = "#1f2430"
MUTED = "#5a6275"
RULE = "#e2ddd2"


@dataclass(frozen=True)
class CardFigure:
    label: str
    value: str
    color: str


# Fonts with French accents and the narrow no-break space of French number grouping, as
# Debian's fonts-dejavu-core and fonts-liberation install them; the first found is used.
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@functools.cache
def font_file():
    return next((path for path in FONT_FILES if Path(path).is_file()), None)


@functools.cache
def font(size):
    if font_file():
        return ImageFont.truetype(font_file(), size)
    return ImageFont.load_default(size=size)


def drawable(text):
    """`text` as the font can draw it: one line (Pillow measures no multiline text, and
    rows stored before safeguards.text may hold line breaks), and Pillow's fallback font
    has no accents nor French spaces."""
    text = single_line(text)
    if font_file():
        return text
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def fitted(draw, text, size, width):
    """`text` in the largest font up to `size` that fits `width`, shortened if even 60 % fails."""
    text = drawable(text)
    for candidate in range(size, int(size * 0.6) - 1, -2):
        if draw.textlength(text, font=font(candidate)) <= width:
            return text, font(candidate)
    small, ellipsis = font(int(size * 0.6)), drawable("…")
    while text and draw.textlength(text + ellipsis, font=small) > width:
        text = text[:-1]
    return text + ellipsis, small


def draw_line_chart(draw, box, points, color):
    """A line through `(date, followers)` points inside `box` (left, top, right, bottom)."""
    points = downsample(points, 120)
    if len(points) < 2:
        return
    left, top, right, bottom = box
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    low = min(point[1] for point in points)
    high = max(point[1] for point in points)
    spread, span = (high - low) or 1, (last - first) or 1
    coordinates = [
        (
            left + (point[0].toordinal() - first) / span * (right - left),
            (top + bottom) / 2
            if high == low
            else bottom - (point[1] - low) / spread * (bottom - top),
        )
        for point in points
    ]
    draw.line([(left, bottom + 8), (right, bottom + 8)], fill=RULE, width=2)
    draw.line(coordinates, fill=color, width=5, joint="curve")


def render_card(heading, subheading, figures, history=(), color=INK, chart_label=""):
    """The card as PNG bytes: `figures` are `CardFigure`s, `history` the chart's points."""
    image = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, CARD_WIDTH, 12], fill=color)
    text, heading_font = fitted(draw, heading, 64, CARD_WIDTH - 120)
    draw.text((60, 60), text, font=heading_font, fill=INK)
    text, sub_font = fitted(draw, subheading, 32, CARD_WIDTH - 120)
    draw.text((60, 148), text, font=sub_font, fill=MUTED)
    for index, figure in enumerate(figures[:CARD_FIGURES]):
        top = 230 + index * 78
        draw.ellipse([60, top + 10, 84, top + 34], fill=figure.color)
        label, label_font = fitted(draw, figure.label, 30, 300)
        draw.text((100, top + 6), label, font=label_font, fill=MUTED)
        value, value_font = fitted(draw, figure.value, 44, 260)
        draw.text((400, top), value, font=value_font, fill=INK)
    draw_line_chart(draw, (700, 250, CARD_WIDTH - 60, 480), list(history), color)
    if history and chart_label:
        label, label_font = fitted(draw, chart_label, 24, CARD_WIDTH - 760)
        draw.text((700, 500), label, font=label_font, fill=MUTED)
    draw.text((60, CARD_HEIGHT - 70), drawable(settings.SITE_NAME), font=font(28), fill=MUTED)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def cached_card(kind, version, render):
    """The card of `kind` at `version` from the shared cache, or `render()` stored there.

    `version` must change whenever what the card shows changes (the latest snapshot's
    id and modification time, the page's own modification time…).
    """
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:32]
    key = f"share-card:{kind}:{digest}"
    png = cache.get(key)
    if png is None:
        png = render()
        cache.set(key, png, CARD_CACHE_SECONDS)
    return png, digest
