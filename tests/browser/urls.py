"""The site's URLs plus uploaded media, as the reverse proxy serves them in production.

Browser tests run with DEBUG off, where the site itself serves no media; readers in
these tests should still see the images editors upload.
"""

from django.conf import settings
from django.urls import re_path

from agency.urls import urlpatterns as site_urlpatterns
from core.media import serve_media


def serve_uploaded(request, path):
    # MEDIA_ROOT is read per request: each test has its own folder (tests/conftest.py).
    return serve_media(request, path, document_root=settings.MEDIA_ROOT)


# First: the site's own media route answers 404 when SERVE_MEDIA is off.
urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_uploaded),
    *site_urlpatterns,
]
