"""Article images: the sizes readers download.

What may be uploaded is decided in safeguards/uploads.py (shared with influencer
photos). Renditions are made by django-imagekit on first request and kept in the
media storage.
"""

from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFit

RENDITION_WIDTHS = (480, 960, 1600)


class Rendition(ImageSpec):
    """The source shrunk to `width` (never enlarged) in `image_format`."""

    def __init__(self, source, width, image_format):
        self.processors = [ResizeToFit(width=width, upscale=False)]
        self.format = image_format
        self.options = {"quality": 80} if image_format != "PNG" else {"optimize": True}
        super().__init__(source=source)


# imagekit only generates missing files on demand for registered generators.
register.generator("articles:rendition", Rendition)


def fallback_format(field_file):
    # PNG keeps transparency for logos and charts; everything else is a photo.
    return "PNG" if field_file.name.lower().endswith(".png") else "JPEG"


def responsive_sources(field_file, width, height):
    """srcset entries of a stored image: {"webp": [(url, width)…], "fallback": […],
    "width": …, "height": …} (the size of the largest rendition).

    Widths come from RENDITION_WIDTHS, capped at the original width; sizes are
    computed from the stored dimensions, so no file is opened to render a page.
    """
    widths = sorted({min(target, width) for target in RENDITION_WIDTHS})
    sources = {}
    for key, image_format in (("webp", "WEBP"), ("fallback", fallback_format(field_file))):
        sources[key] = [
            (ImageCacheFile(Rendition(field_file, target, image_format)).url, target)
            for target in widths
        ]
    largest = widths[-1]
    sources["width"] = largest
    sources["height"] = round(height * largest / width)
    return sources
