"""Email addresses as mailboxes: one spelling per mailbox, and only addresses that can be
written into an email header safely.

An address typed with invisible characters (U+200B, a soft hyphen, a byte-order mark…),
in capitals or with an international domain in either of its forms would otherwise
make several subscribers of one mailbox, each with its own rate limit. The forms
(`MailboxFormField`), `Subscriber.save()` and `request_subscription()` all normalise,
so a typed address finds its mailbox's one row however it was typed.
"""

import contextlib
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

INVALID = _("Cette adresse e-mail n'est pas valide (exemple : prenom@exemple.fr).")
QUOTED = _(
    "Les adresses avec des guillemets ne sont pas acceptées : écrivez-la sans guillemets "
    "(exemple : prenom@exemple.fr)."
)


def normalise_email(address):
    """The one spelling of a mailbox: format characters (Unicode category Cf, invisible)
    removed, surrounding spaces stripped, lower-cased, and an international domain in
    its ASCII form (IDNA, `xn--…`), as mail servers see it. Idempotent; an address that
    cannot be normalised is returned as it is, for validation to refuse."""
    if not isinstance(address, str):
        return address
    visible = "".join(c for c in address if unicodedata.category(c) != "Cf").strip()
    local_part, at, domain = visible.rpartition("@")
    if not at:
        return visible.lower()
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local_part}@{domain}".lower()


def file_name_part(address):
    """`address` as part of a file name in a `Content-Disposition` header: ASCII letters,
    digits and `.-_@` only, whatever the stored address holds."""
    return re.sub(r"[^A-Za-z0-9.@_-]+", "_", address)[:100]


def validate_mailbox(address):
    """Refuse what cannot be written safely in a `To:` header or is not one plain mailbox:
    control characters, quoted local parts (`"carol"@…`: rare, and a way to spell one
    mailbox many ways), and whatever Django's email validator refuses."""
    if '"' in address:
        raise ValidationError(QUOTED, code="quoted")
    if any(unicodedata.category(character) == "Cc" for character in address):
        raise ValidationError(INVALID, code="invalid")
    validate_email(address)


class MailboxFormField(forms.EmailField):
    default_validators = [validate_mailbox]

    def to_python(self, value):
        return normalise_email(super().to_python(value))
