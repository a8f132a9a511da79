"""Which links the site stores and prints: web addresses only.

A link is followed by the reader's browser, so `javascript:`, `data:text/html`,
`vbscript:` and friends would run in our pages (only the CSP stops them). Browsers
read a scheme loosely — case-insensitively, after dropping leading spaces and control
characters and every tab or newline inside (`java\\tscript:`) — so the scheme is
read here the same way before it is compared with an allow-list. Every URL the site
stores or builds (profile patterns and addresses, embeds, links in article bodies,
redirects) goes through `is_web_url` or the field validator `validate_web_url`; a
column may add the database's own check, `web_url_only`.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
# What a browser ignores in a URL: C0 controls and spaces around it, tabs and newlines in it.
IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def scheme_of(url):
    """The scheme a browser would see in `url`, lowercased; "" for a relative link."""
    match = SCHEME.match(IGNORED_BY_BROWSERS.sub("", url or ""))
    return match.group(1).lower() if match else ""


def is_web_url(url, allow_relative=False, schemes=WEB_SCHEMES):
    """True for an absolute http(s) address (or another of `schemes`); for a relative
    link (`/path`, `#anchor`, `//host/…`) only when `allow_relative`. A link with a
    control character, backslash or whitespace inside is refused: browsers read those
    differently from us."""
    if not url or IGNORED_BY_BROWSERS.search(url.strip(" ")) or "\\" in url:
        return False
    scheme = scheme_of(url)
    if scheme:
        return scheme in schemes
    return allow_relative


@deconstructible
class WebURLValidator(URLValidator):
    """Django's URL validator restricted to http(s), with a French message."""

    message = _("Saisissez une adresse web complète commençant par https:// ou http://.")

    def __init__(self, **kwargs):
        super().__init__(schemes=list(WEB_SCHEMES), **kwargs)

    def __call__(self, value):
        if not is_web_url(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


validate_web_url = WebURLValidator()


def validate_web_url_pattern(value):
    """A profile-address pattern: a web address once `{handle}` is filled in."""
    validate_web_url(value.replace("{handle}", "identifiant"))


def web_url_only(field_name):
    """A check constraint: `field_name` is empty or starts with http:// or https://.

    The database's half of `validate_web_url`, for rows written without validation
    (QuerySet.update(), imports); the validator gives forms their message."""
    return models.CheckConstraint(
        condition=models.Q(**{field_name: ""})
        | models.Q(**{f"{field_name}__istartswith": "http://"})
        | models.Q(**{f"{field_name}__istartswith": "https://"}),
        name=f"%(class)s_{field_name}_is_web_address",
        violation_error_message=_("Seules les adresses http:// ou https:// sont acceptées."),
    )
