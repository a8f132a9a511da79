"""Building the newsletter's emails: HTML and plain text, French, unsubscribe headers."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, absolute_url

logger = logging.getLogger(__name__)


def build_email(subscriber, subject, template, context=None):
    """One email to one subscriber, from `newsletter/email/<template>.html` and `.txt`.

    Every email carries RFC 8058 one-click unsubscribe headers (mail clients show
    an "unsubscribe" button that POSTs to the link) and a signed link to manage
    preferences; both work without an account, a password or a CSRF token.
    """
    unsubscribe_url = absolute_url(subscriber, UNSUBSCRIBE)
    context = {
        **(context or {}),
        "subject": subject,
        "subscriber": subscriber,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": absolute_url(subscriber, MANAGE),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletter/email/{template}.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} <newsletter.{_list_domain()}>",
        },
    )
    message.attach_alternative(
        render_to_string(f"newsletter/email/{template}.html", context), "text/html"
    )
    return message


def _list_domain():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def subscription_answer(subscriber):
    """What a subscription request gets by email: the confirmation link, or, for an
    address already confirmed, the link to its preferences (so the form's answer
    can be the same whatever the address, and the owner learns of the request)."""
    if subscriber.is_confirmed:
        return build_email(subscriber, _("Vous êtes déjà abonné·e"), "already_subscribed")
    return build_email(
        subscriber,
        _("Confirmez votre inscription"),
        "confirm",
        {
            "confirm_url": absolute_url(subscriber, CONFIRM),
            "days": settings.NEWSLETTER_CONFIRMATION_DAYS,
        },
    )


def send_subscription_answer(subscriber):
    """Send `subscription_answer`; an SMTP failure is logged, not shown to the reader,
    so that the form's answer never depends on the address."""
    try:
        subscription_answer(subscriber).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Newsletter: could not send the subscription email")
        return False
    if not subscriber.is_confirmed:
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save(update_fields=["confirmation_sent_at"])
    return True


def open_mailer():
    """The default mailer with its connection open, to send a whole batch through it."""
    mailer = mailers.default
    mailer.open()
    return mailer
