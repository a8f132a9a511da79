"""Building the newsletter's emails: HTML and plain text, French, unsubscribe headers."""

import email.header
import email.policy
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter.addresses import validate_mailbox
from newsletter.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, absolute_url
from safeguards.text import header_text

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
    message = NewsletterEmail(
        subject=header_text(subject),
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


class WrittenHeader(str):
    """A header value written as given, already folded: Python's email package stores
    an object with a `name` and a `fold()` as is, without parsing it again."""

    def __new__(cls, name, folded):
        header = super().__new__(cls, folded)
        header.name = name
        return header

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


def encoded_subject(subject, linesep):
    """The subject as a mail reader will show it, whatever it holds.

    Python's email package reads `=?charset?…?=` in a header value as an encoded word
    and decodes it, so a title quoting one would reach readers as other text. Plain
    ASCII is written as is (folded at spaces); anything else, or anything holding `=?`,
    is encoded whole (RFC 2047): a reader decodes it once and shows the literal text.
    """
    plain = subject.isascii() and "=?" not in subject
    header = email.header.Header(subject, "us-ascii" if plain else "utf-8", header_name="Subject")
    return header.encode(linesep=linesep)


class NewsletterEmail(EmailMultiAlternatives):
    """Headers safe on their own: a one-line subject, encoded so that it reads as typed,
    and `List-Unsubscribe` written plain (Python would encode a long URL as RFC 2047
    encoded words, which mail clients do not read as a link)."""

    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        linesep = policy.linesep
        message.replace_header(
            "Subject", WrittenHeader("Subject", encoded_subject(self.subject, linesep))
        )
        for name in ("List-Unsubscribe", "List-Unsubscribe-Post"):
            if name in self.extra_headers:
                value = header_text(self.extra_headers[name])
                message.replace_header(name, WrittenHeader(name, value))
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
    """Send `subscription_answer`; True if it left. An SMTP failure is logged, not shown
    to the reader, so that the form's answer never depends on the address. An address
    stored before today's rules that cannot be written in a header is not tried."""
    try:
        validate_mailbox(subscriber.email)
    except ValidationError:
        logger.warning("Newsletter: subscriber %s has an invalid address", subscriber.pk)
        return False
    try:
        subscription_answer(subscriber).send()
    except (smtplib.SMTPException, OSError, ValueError):
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
