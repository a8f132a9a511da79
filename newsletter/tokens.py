"""Signed links: confirm a subscription, manage preferences, unsubscribe.

Links carry the subscriber's id signed with SECRET_KEY (django.core.signing), one
salt per purpose so that a link made for one cannot be used for another. Only the
confirmation link expires: preference and unsubscribe links sit in old emails and
must keep working (RFC 8058 asks one-click unsubscribe links to stay valid).
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM = "newsletter.confirm"
MANAGE = "newsletter.manage"
UNSUBSCRIBE = "newsletter.unsubscribe"

URL_NAMES = {
    CONFIRM: "newsletter:confirm",
    MANAGE: "newsletter:preferences",
    UNSUBSCRIBE: "newsletter:unsubscribe",
}


def confirmation_max_age():
    return timedelta(days=settings.NEWSLETTER_CONFIRMATION_DAYS)


def address_digest(email):
    """A short digest of the address: signing payloads are readable (base64), and links
    end up in server logs, so the address itself never goes in them."""
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def make_token(subscriber, purpose):
    # The address's digest is signed too: a token never fits another row or address.
    return signing.dumps([subscriber.pk, address_digest(subscriber.email)], salt=purpose)


def read_token(token, purpose):
    """(id, address digest) from a valid token; raises signing.BadSignature (or
    SignatureExpired)."""
    max_age = confirmation_max_age() if purpose == CONFIRM else None
    subscriber_id, digest = signing.loads(token, salt=purpose, max_age=max_age)
    return subscriber_id, digest


def absolute_url(subscriber, purpose):
    path = reverse(URL_NAMES[purpose], args=[make_token(subscriber, purpose)])
    return settings.SITE_URL + path
