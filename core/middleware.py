"""Whole-page cache for anonymous readers, shared by every app server."""

import functools
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from core.cache import content_state_of
from core.errors import DATABASE_AWAY

logger = logging.getLogger(__name__)

CACHE_HEADER = "X-Page-Cache"
UNCACHEABLE_CACHE_CONTROL = {"private", "no-cache", "no-store"}
# One language and compression by the proxy: these never split a page into variants.
HARMLESS_VARY = {"accept-language", "accept-encoding"}
DIRECTIVE_SEPARATOR = re.compile(r"\s*,\s*")
# Changed whenever StoredPage changes, so that no process reads another's old form.
PAGE_KEY_PREFIX = "page.3"
# GZipMiddleware's own test: a client that accepts gzip gets the compressed variant.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Set per request on the way out (they depend on the time or say hit/miss): never stored.
PER_REQUEST_HEADERS = {"cache-control", CACHE_HEADER.lower()}
ANY = None
# The query parameters each page reads, by URL name, with the values it accepts (ANY: all).
# Any other parameter (utm_*, fbclid, gclid…) or value changes nothing on the page, so the
# address without it shares its entry: a flood of query strings makes no new entries.
# Filled by the apps from their ready() with page_reads(); a public view that reads a new
# parameter must say so there (test_cache_flood.py checks).
PAGE_PARAMETERS = {}
# Never stored: every query is a page of its own, which anyone can invent by the thousand.
NOT_STORED = set()


def page_reads(view_name, *names, **accepted_values):
    """The page named `view_name` reads the query parameters `names` (any value) and
    `accepted_values` (only those values: any other shows what the bare page shows)."""
    PAGE_PARAMETERS[view_name] = {**dict.fromkeys(names, ANY), **accepted_values}
    parameters_read_at.cache_clear()


def never_store(view_name):
    NOT_STORED.add(view_name)
    parameters_read_at.cache_clear()


@functools.lru_cache(maxsize=4096)
def parameters_read_at(path):
    """The parameters the page at `path` reads; None for no page or a page never stored."""
    try:
        view_name = resolve(path).view_name
    except Resolver404:
        return None  # a 404 is never stored: no need to look it up either
    return None if view_name in NOT_STORED else PAGE_PARAMETERS.get(view_name, {})


class RecentPages:
    """The pages this process served last, kept in its memory in front of the shared cache.

    Sound without any invalidation: keys carry the content version, so a change sends
    every process to keys it has never seen, and each entry keeps the shared entry's
    expiry time. Bounded in number, so a worker's memory stays flat.
    """

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # for gunicorn's threaded workers

    def get(self, key):
        with self.lock:
            stored = self.entries.get(key)
            if stored is None:
                return None
            if stored.expires_at <= time.time():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return stored

    def put(self, key, stored):
        if self.size <= 0:
            return
        with self.lock:
            self.entries[key] = stored
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


class StoredPage(NamedTuple):
    """A page as the cache keeps it: cheaper to load than a pickled response."""

    status: int
    headers: list
    cache_control: str
    body: bytes
    expires_at: float  # epoch seconds, shared by every process: fresh until then
    version: str  # the content version it was rendered under
    stored_at: float


class PublicPageCacheMiddleware:
    """Serve anonymous GET/HEAD pages from the shared cache, fresh under the content version.

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

    One entry per address, holding the content version it was rendered under: served
    fresh only under that version, and kept `STALE_IF_ERROR_SECONDS` longer so that
    while PostgreSQL does not answer (the version cannot be read, or the view meets
    the database away) readers get the last page stored for their address, marked
    `X-Page-Cache: stale`, with its `Age`. Never while the database answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = RecentPages(settings.PAGE_CACHE_RECENT_PAGES)
        self.serving_stale = False

    def __call__(self, request):
        if not self.applies_to(request):
            return self.private(request, self.get_response(request))
        key = self.cache_key(request)
        if key is None:
            return self.get_response(request)
        try:
            state = content_state_of(request)
        except DATABASE_AWAY:
            if (stored := self.shared(key)) is not None:
                return self.answer_stale(stored, request)
            raise  # the French 503 with Retry-After (core/errors.py)
        if self.serving_stale:
            self.serving_stale = False
            logger.warning("Database answers again: stored pages are served fresh only.")
        remembered = f"{state.token}:{key}"
        stored = self.recent.get(remembered)
        if stored is None and (stored := self.shared(key)) is not None:
            if stored.version == state.token and stored.expires_at > time.time():
                self.recent.put(remembered, stored)
            else:
                stored = None
        if stored is not None:
            return self.answer_from(stored, request, state)
        response = self.get_response(request)
        if getattr(response, "database_away", False):
            # The version was read, then the database went away under the view.
            stored = self.shared(key)
            return response if stored is None else self.answer_stale(stored, request)
        if self.can_store(request, response):
            patch_vary_headers(response, ["Cookie"])
            stored = self.stored_form(response, state.token)
            lifetime = settings.PAGE_CACHE_SECONDS + settings.STALE_IF_ERROR_SECONDS
            cache.set(key, tuple(stored), lifetime)
            self.recent.put(remembered, stored)
            response[CACHE_HEADER] = "miss"
            return self.public(response, state)
        return response

    @staticmethod
    def shared(key):
        stored = cache.get(key)
        return None if stored is None else StoredPage(*stored)

    @staticmethod
    def stored_form(response, version):
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in PER_REQUEST_HEADERS
        ]
        now = time.time()
        return StoredPage(
            response.status_code,
            headers,
            response.get("Cache-Control", ""),
            response.content,
            now + settings.PAGE_CACHE_SECONDS,
            version,
            now,
        )

    def answer_from(self, stored, request, state):
        response = self.replayed(stored, "hit")
        if stored.cache_control:
            response["Cache-Control"] = stored.cache_control
        self.public(response, state)
        return self.conditional(request, response)

    def answer_stale(self, stored, request):
        """The last page stored for this address, while the database does not answer."""
        if not self.serving_stale:
            self.serving_stale = True
            logger.warning("Database unreachable: serving the pages stored for each address.")
        response = self.replayed(stored, "stale")
        response["Age"] = str(max(0, int(time.time() - stored.stored_at)))
        # Stale already: no cache may take it for fresh, any may serve it while we fail.
        patch_cache_control(
            response, public=True, max_age=0, stale_if_error=settings.STALE_IF_ERROR_SECONDS
        )
        return self.conditional(request, response)

    @staticmethod
    def replayed(stored, label):
        response = HttpResponse(stored.body, status=stored.status, headers=stored.headers)
        response[CACHE_HEADER] = label
        return response

    @staticmethod
    def conditional(request, response):
        # ConditionalGetMiddleware is inside, so a stored page answers If-None-Match itself.
        etag = response.get("ETag")
        return get_conditional_response(request, etag=etag, response=response) or response

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
            # A CDN may serve its copy this long while we answer errors (PostgreSQL down).
            stale_if_error=settings.STALE_IF_ERROR_SECONDS,
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
    def cache_key(request):
        """The page's entry: its address with only the parameters the page reads; None
        when it is never stored (search results, no such page)."""
        parameters = parameters_read_at(request.path_info)
        if parameters is None:
            return None
        kept = [
            (name, value)
            for name, values in request.GET.lists()
            if name in parameters
            for value in values
            if parameters[name] is ANY or value in parameters[name]
        ]
        # The host is part of the URL (validated by ALLOWED_HOSTS); HEAD shares GET's entry.
        url = request.build_absolute_uri(request.path)
        if kept:
            url += "?" + urlencode(kept)
        digest = hashlib.sha256(url.encode()).hexdigest()
        encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else ""
        return f"{PAGE_KEY_PREFIX}:{encoding}:{digest}"

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
