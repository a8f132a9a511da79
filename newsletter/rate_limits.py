"""Rate limits on the subscription form, counted in the shared cache.

Per address, so that nobody can flood someone else's inbox with confirmation
emails; per client (IP address), so that one client cannot do it to many
addresses. Counters live in the shared cache (Redis in production), so every app
server sees them; if the cache is unreachable the form stays open, since the
double opt-in still sends at most one email per request.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _allowed(key, limit):
    """Count one attempt under `key`; False once more than `limit` in the window.

    The window opens at the first attempt and lasts WINDOW_SECONDS: every cache the
    settings configure (Redis, core.sqlite_cache, memory) keeps a key's expiry on
    `incr()`. Django's file and database caches would not (they write the value back
    with the default timeout), which is one reason the settings offer neither.
    """
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key vanished (cache down or evicted): fail open
        return True


def client_allowed(client_ip):
    return _allowed(f"newsletter:client:{client_ip}", settings.NEWSLETTER_LIMIT_PER_CLIENT)


def address_allowed(email):
    # Hashed: the cache need not hold readable addresses.
    digest = hashlib.sha256(email.encode()).hexdigest()
    return _allowed(f"newsletter:address:{digest}", settings.NEWSLETTER_LIMIT_PER_ADDRESS)
