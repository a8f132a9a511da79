"""Article images: what may be uploaded, and the sizes readers download.

Uploads are checked from the file header before any pixel is decoded, then
re-encoded from pixels alone, so no metadata (EXIF GPS position, text chunks,
scripts hidden in comments) survives. Renditions (WebP and JPEG/PNG in three
widths) are written when the image is saved, under names derived from the
source's, so pages print their URLs without asking the storage anything.
"""

import io
import re
import warnings
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
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
RENDITION_FOLDER = "renditions"
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


def fallback_format(name):
    # PNG keeps transparency for logos and charts; everything else is a photo.
    return "PNG" if name.lower().endswith(".png") else "JPEG"


def rendition_widths(width):
    """The widths served for an image `width` pixels wide: never enlarged."""
    return sorted({min(target, width) for target in RENDITION_WIDTHS})


def rendition_name(source_name, width, image_format):
    """Where a rendition is stored: derived from the source's name, so nothing is looked up.

    Storages never overwrite (a new upload gets a new name), so a name always
    belongs to one picture and its renditions never go stale.
    """
    stem = source_name.rsplit(".", 1)[0]
    return f"{RENDITION_FOLDER}/{stem}-{width}w{EXTENSIONS[image_format]}"


def make_renditions(field_file, width):
    """Write the missing renditions of a stored image (called when the image is saved).

    One storage check per rendition on save; reading a page then costs none.
    """
    if not field_file or not width:
        return
    storage = field_file.storage
    wanted = [
        (target, image_format, rendition_name(field_file.name, target, image_format))
        for target in rendition_widths(width)
        for image_format in ("WEBP", fallback_format(field_file.name))
    ]
    missing = [entry for entry in wanted if not storage.exists(entry[2])]
    if not missing:
        return
    with storage.open(field_file.name, "rb") as source, Image.open(source) as original:
        original.load()
        for target, image_format, name in missing:
            resized = original.copy()
            resized.thumbnail((target, resized.height))
            if image_format == "JPEG" and resized.mode not in ("RGB", "L"):
                resized = resized.convert("RGB")
            output = io.BytesIO()
            options = {"optimize": True} if image_format == "PNG" else {"quality": 80}
            resized.save(output, format=image_format, **options)
            storage.save(name, ContentFile(output.getvalue()))


def responsive_sources(field_file, width, height):
    """srcset entries of a stored image: {"webp": [(url, width)…], "fallback": […],
    "width": …, "height": …} (the size of the largest rendition).

    Names and sizes come from the stored name and dimensions alone: no file is
    opened, no storage or cache is asked, whatever the number of pictures on a page.
    """
    widths = rendition_widths(width)
    url = field_file.storage.url
    name = field_file.name
    sources = {
        key: [(url(rendition_name(name, target, image_format)), target) for target in widths]
        for key, image_format in (("webp", "WEBP"), ("fallback", fallback_format(name)))
    }
    largest = widths[-1]
    sources["width"] = largest
    sources["height"] = round(height * largest / width)
    return sources
