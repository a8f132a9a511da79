"""Social-media posts cited in an article, shown as cards rather than the networks' widgets.

A network's embed script or iframe would let it track every reader of the page.
The card carries the post's words and a link; nothing is loaded from the network.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeguards.links import is_web_url


class EmbedProvider(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    LINKEDIN = "linkedin", "LinkedIn"


HOSTS = {
    "facebook.com": EmbedProvider.FACEBOOK,
    "fb.watch": EmbedProvider.FACEBOOK,
    "x.com": EmbedProvider.X,
    "twitter.com": EmbedProvider.X,
    "instagram.com": EmbedProvider.INSTAGRAM,
    "youtube.com": EmbedProvider.YOUTUBE,
    "youtu.be": EmbedProvider.YOUTUBE,
    "linkedin.com": EmbedProvider.LINKEDIN,
}
SUBDOMAINS = ("www.", "m.", "mobile.", "web.", "fr-fr.", "fr.")


def provider_for_url(url):
    """The network a post URL belongs to; ValidationError for any other address."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    for prefix in SUBDOMAINS:
        host = host.removeprefix(prefix)
    secure_web_url = is_web_url(url, schemes=("https",)) and parts.scheme == "https"
    if not secure_web_url or host not in HOSTS or parts.path in ("", "/"):
        raise ValidationError(
            _(
                "Adresse non reconnue : collez le lien https d'une publication Facebook, "
                "X (Twitter), Instagram, YouTube ou LinkedIn."
            ),
            code="unknown_embed_host",
        )
    return HOSTS[host]
