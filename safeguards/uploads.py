"""Uploaded images: what may be stored, and under which name.

Shared by every app with an image (article covers and figures, author and
influencer photos). Uploads are checked from the file header before any pixel is
decoded, then re-encoded from pixels alone, so no metadata (EXIF GPS position, text
chunks, scripts hidden in comments) survives. Files are stored under a random name:
the client's file name would let anyone guess the address of a draft's cover.
"""

import io
import re
import secrets
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
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
    # The name only carries the extension: RandomName picks the stored one.
    name = "image" + EXTENSIONS[image.format]
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


class SafeImageField(forms.ImageField):
    """An image upload that is checked from its header and re-encoded (reencoded_upload)."""

    def to_python(self, data):
        # FileField's checks (empty file, name length) only: Django's ImageField
        # would decode the pixels before our size limits are applied.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return reencoded_upload(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(CONTENT_TYPES[name] for name in ACCEPTED_FORMATS)
        return attrs


# For ModelAdmin.formfield_overrides: every image field of the admin goes through it.
SAFE_IMAGES = {"form_class": SafeImageField}
SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}")


@deconstructible
class RandomName:
    """upload_to: `folder` (strftime codes allowed) + 128 random bits + the extension.

    Nothing of the client's file name is kept but its (lowercased) extension, so a
    file's address cannot be guessed from what it shows or how it was called.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = PurePosixPath(filename or "").suffix.lower()
        if not SAFE_EXTENSION.fullmatch(extension):
            extension = ""
        folder = timezone.localtime().strftime(self.folder)
        return f"{folder}{secrets.token_urlsafe(16)}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder
