"""Whole-page cache for anonymous readers, shared by every app server."""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from agency.cache import content_state

CACHE_HEADER = "X-Page-Cache"
UNCACHEABLE_CACHE_CONTROL = {"private", "no-cache", "no-store"}
# One language and compression by the proxy: these never split a page into variants.
HARMLESS_VARY = {"accept-language", "accept-encoding"}
DIRECTIVE_SEPARATOR = re.compile(r"\s*,\s*")
# GZipMiddleware's own test: a client that accepts gzip gets the compressed variant.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Set per request on the way out (they depend on the time or say hit/miss): never stored.
PER_REQUEST_HEADERS = {"cache-control", CACHE_HEADER.lower()}


class PublicPageCacheMiddleware:
    """Serve anonymous GET/HEAD pages from the shared cache, keyed by the content version.

    Placed right after WhiteNoise, outside the rest of the stack: a page is stored
    as it finally left (compressed, with its ETag, CSP and framing headers), and a
    hit is answered from those bytes without running sessions, CSRF, auth, messages,
    compression or the view again. Only the content-version query and the cache
    read remain; `SecurityMiddleware`, outside, still adds its headers. Clients that
    accept gzip and clients that do not get separate entries. Only plain public
    output is stored: a response that sets a cookie, embeds a CSRF token or a CSP
    nonce, reads the session, varies by a request header, or asks not to be cached
    is never shared. A client with a session cookie (staff in the admin, previews)
    always gets a fresh page.

    A deployment that changes response headers (CSP, framing) serves the old ones
    from pages cached before it until they expire (`PAGE_CACHE_SECONDS`) or the
    content changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.private(request, self.get_response(request))
        state = request.content_state = content_state()
        key = self.cache_key(request, state.token)
        stored = cache.get(key)
        if stored is not None:
            return self.answer_from(stored, request, state)
        response = self.get_response(request)
        if self.can_store(request, response):
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, self.stored_form(response), settings.PAGE_CACHE_SECONDS)
            response[CACHE_HEADER] = "miss"
            return self.public(response, state)
        return response

    @staticmethod
    def stored_form(response):
        """What a hit needs: status, headers and body bytes (cheaper to load than a response)."""
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_REQUEST_HEADERS
        ]
        return response.status_code, headers, response.get("Cache-Control", ""), response.content

    def answer_from(self, stored, request, state):
        status, headers, cache_control, body = stored
        response = HttpResponse(body, status=status, headers=headers)
        response[CACHE_HEADER] = "hit"
        if cache_control:
            response["Cache-Control"] = cache_control
        self.public(response, state)
        # ConditionalGetMiddleware is inside, so a hit answers If-None-Match itself.
        return get_conditional_response(request, etag=response.get("ETag"), response=response) or (
            response
        )

    @staticmethod
    def public(response, state):
        """Let browsers and a CDN keep the page, never past the next scheduled publication.

        Set on the way out, not stored: the lifetime shrinks as that publication nears.
        """
        shared, browser = settings.CDN_CACHE_SECONDS, settings.BROWSER_CACHE_SECONDS
        if (until := state.seconds_until_next_publication()) is not None:
            shared, browser = min(shared, until), min(browser, until)
        patch_cache_control(
            response,
            public=True,
            max_age=browser,
            s_maxage=shared,
            stale_while_revalidate=settings.CDN_STALE_SECONDS,
        )
        return response

    @staticmethod
    def private(request, response):
        """Pages for a session (staff, previews) are never kept by a shared cache."""
        if (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def applies_to(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def cache_key(request, version):
        # The host is part of the URL (validated by ALLOWED_HOSTS); HEAD shares GET's entry.
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode()).hexdigest()
        encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else ""
        return f"page:{version}:{encoding}:{digest}"

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
