"""Article images: the sizes readers download.

What may be uploaded is decided in safeguards/uploads.py (shared with influencer
photos). Renditions (WebP and JPEG/PNG in three widths) are written when the image
is saved, under names derived from the source's, so pages print their URLs without
asking the storage anything.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image

from safeguards.uploads import EXTENSIONS

RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FOLDER = "renditions"


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
