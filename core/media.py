"""Serving uploaded files without ever letting a browser treat them as a page.

In production the reverse proxy or the bucket serves media with the same rules
(docs/security.md); this view is what `runserver`, `make serve` (SERVE_MEDIA=1, the
production profile on one machine, with no proxy) and the tests use.
"""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Uploads are images (ImageField, checked by Pillow); anything else is a download.
INLINE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}
# A sandboxed, script-less policy: even an HTML or SVG file that slipped in cannot run.
MEDIA_CSP = "default-src 'none'; img-src 'self'; sandbox"


def serve_media(request, path, document_root=None):
    response = serve(request, path, document_root=document_root)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type not in INLINE_CONTENT_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["X-Content-Type-Options"] = "nosniff"
    # As the proxy does: uploads never change under their (random) name.
    response["Cache-Control"] = "public, max-age=86400"
    return response


def serve_local_media(request, path):
    """The media route: files from MEDIA_ROOT when this process is the one to serve them
    (DEBUG, or SERVE_MEDIA), a 404 otherwise — the proxy's or the bucket's job then.

    MEDIA_ROOT is read per request, so that tests can point it at their own folder.
    """
    if not (settings.DEBUG or settings.SERVE_MEDIA):
        raise Http404
    return serve_media(request, path, document_root=settings.MEDIA_ROOT)
