"""Article images: what may be uploaded, and the sizes readers download.

Uploads are checked from the file header before any pixel is decoded, then
re-encoded from pixels alone, so no metadata (EXIF GPS position, text chunks,
scripts hidden in comments) survives. Renditions are made by django-imagekit
on first request and kept in the media storage.
"""

import io
import re
import warnings
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFit
from PIL import Image, ImageOps, UnidentifiedImageError, features

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Far below Pillow's own guard (a warning only above ~89 megapixels): a 40-megapixel
# photo already needs about 160 MB of memory to decode.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP"] + (["AVIF"] if features.check("avif") else [])
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
                 "AVIF": "image/avif"}  # fmt: skip
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif"}
RENDITION_WIDTHS = (480, 960, 1600)
# Polyglot files (an image that is also a web page or a script) are refused even
# though re-encoding would drop the payload: their sender is not to be trusted.
HIDDEN_MARKUP = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed)\b|<\?php|javascript:", re.I
)


def accepted_formats_label():
    return ", ".join("WebP" if name == "WEBP" else name for name in ACCEPTED_FORMATS)


def reencoded_upload(upload):
    """Return a clean copy of an uploaded image, or raise ValidationError in French.

    Refuses files over MAX_UPLOAD_BYTES, files carrying markup or scripts,
    anything that is not JPEG/PNG/WebP (or AVIF), images over MAX_PIXELS (read
    from the header, before decoding) and files that fail to decode. The copy
    has the orientation applied and no metadata at all.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Fichier trop lourd (%(size)s Mo) : %(max)s Mo au maximum.")
            % {"size": round(upload.size / 2**20, 1), "max": MAX_UPLOAD_BYTES // 2**20},
            code="file_too_large",
        )
    upload.seek(0)
    if HIDDEN_MARKUP.search(upload.read()):
        raise ValidationError(
            _("Cette image contient du code caché (script ou HTML) : elle est refusée."),
            code="hidden_markup",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Ce fichier n'est pas une image %(formats)s.")
            % {"formats": accepted_formats_label()},
            code="not_an_image",
        ) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)
    try:
        image.load()
        clean = _pixels_only(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Cette image est endommagée ou incomplète : elle ne peut pas être lue."),
            code="broken_image",
        ) from None
    output = io.BytesIO()
    clean.save(output, format=image.format, **_save_options(image.format))
    name = (slugify(Path(upload.name or "").stem) or "image")[:80] + EXTENSIONS[image.format]
    return SimpleUploadedFile(name, output.getvalue(), content_type=CONTENT_TYPES[image.format])


def _too_many_pixels(width=None, height=None):
    size = f" ({width} × {height})" if width else ""
    return ValidationError(
        _("Image trop grande%(size)s : %(max)s millions de pixels au maximum.")
        % {"size": size, "max": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _pixels_only(image):
    """A new image from the decoded pixels: no EXIF, no text chunks, no ICC profile."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _save_options(image_format):
    if image_format == "JPEG":
        return {"quality": 88, "optimize": True, "progressive": True}
    if image_format in ("WEBP", "AVIF"):
        return {"quality": 85}
    return {"optimize": True}


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
