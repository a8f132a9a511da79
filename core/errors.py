"""Error pages: French, in the site's look, and never an error of their own.

Django renders 400.html and the CSRF page without the request (so without the site's
context), and its CSRF page is English: these handlers render ours with it. The 500
and 503 pages are static files read from the templates folder, because what failed may
be the database, a template or the context processors themselves.
"""

import sys

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

# What a database restart or failover looks like from a request: the connection is
# refused, dropped or already closed. Answered 503, so clients and proxies retry.
DATABASE_AWAY = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was sent from another tab, site, or an expired page."""
    return render(request, "403_csrf.html", status=403)


def server_error(request=None):
    """handler500, called while the exception is being handled: a database that is
    away (restarting, failing over) gets a 503 with Retry-After, anything else the 500."""
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        return database_away()
    return static_page("500.html", status=500)


def database_away():
    response = static_page("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The page cache answers the last page stored for the address instead, if it has one.
    response.database_away = True
    return response


def static_page(template_name, status):
    # Rendered without context or request: no context processor, no query.
    return HttpResponse(loader.get_template(template_name).render(), status=status)


class RejectOverlongQueryMiddleware:
    """A query string with more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters is a 400.

    Django raises TooManyFieldsSent wherever request.GET is first read; under
    `runserver` the debug page reads it again and fails with a 500. Reading it here,
    before any view or debug page, answers the French 400 in every profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.GET  # noqa: B018 - parsing it is the point
        except SuspiciousOperation:  # TooManyFieldsSent
            return bad_request(request)
        return self.get_response(request)
