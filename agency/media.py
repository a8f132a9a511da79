"""Serving uploaded files without ever letting a browser treat them as a page.

In production the reverse proxy or the bucket serves media with the same rules
(docs/security.md); this view is what `runserver` and the tests use.
"""

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
    return response
