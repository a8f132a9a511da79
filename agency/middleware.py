"""Whole-page cache for anonymous readers, shared by every app server."""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache

from agency.cache import content_version

CACHE_HEADER = "X-Page-Cache"
UNCACHEABLE_CACHE_CONTROL = {"private", "no-cache", "no-store"}
# One language and compression by the proxy: these never split a page into variants.
HARMLESS_VARY = {"accept-language", "accept-encoding"}
DIRECTIVE_SEPARATOR = re.compile(r"\s*,\s*")


class PublicPageCacheMiddleware:
    """Serve anonymous GET/HEAD pages from the shared cache, keyed by the content version.

    Placed inside the header-adding middleware (CSP, security, ETag), so a cached
    page leaves with fresh headers and can still answer 304. Only plain public
    output is stored: a response that sets a cookie, embeds a CSRF token or a CSP
    nonce, reads the session, varies by a request header, or asks not to be cached
    is never shared. A client
    with a session cookie (staff in the admin, previews) always gets a fresh page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        key = self.cache_key(request)
        response = cache.get(key)
        if response is not None:
            response[CACHE_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if self.can_store(request, response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def applies_to(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def cache_key(request):
        # The host is part of the URL (validated by ALLOWED_HOSTS); HEAD shares GET's entry.
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page:{content_version()}:{digest}"

    @staticmethod
    def can_store(request, response):
        cache_control = {
            directive.split("=")[0].strip().lower()
            for directive in DIRECTIVE_SEPARATOR.split(response.get("Cache-Control", ""))
        }
        vary = {header.lower() for header in DIRECTIVE_SEPARATOR.split(response.get("Vary", ""))}
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not cache_control & UNCACHEABLE_CACHE_CONTROL
            # A page that differs by request header would be served to the wrong client.
            and vary - {""} <= HARMLESS_VARY
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            # A nonce in cached HTML would be reused and never match the header's.
            and not getattr(request, "_csp_nonce", None)
            and not (session is not None and session.accessed)
        )
