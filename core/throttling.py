"""Login throttling glue for django-axes: who the client is, what a locked-out client sees."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def client_ip(request):
    """The client's address: the proxy's X-Real-IP when we sit behind one we trust.

    Without a trusted proxy the header is ignored, since anyone could forge it to
    dodge the lockout; behind one, REMOTE_ADDR is the proxy itself and would lock
    everybody out at once.
    """
    if settings.TRUST_X_REAL_IP and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response, credentials):
    """A 429 page in the admin's look saying how long the lock lasts and how to lift it."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        # The admin's own context: its header says the site's name, not Django's.
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }
    return render(request, "registration/lockout.html", context, status=429)
