import datetime
import itertools
import re

import pytest
from django.utils import timezone

from newsletter.models import ArticleFrequency, Subscriber

_numbers = itertools.count(1)


def make_subscriber(email=None, status=Subscriber.Status.CONFIRMED, influencers=(), **fields):
    """A subscriber as the double opt-in leaves them: confirmed an hour ago by default."""
    fields.setdefault("articles", ArticleFrequency.IMMEDIATE)
    if status == Subscriber.Status.CONFIRMED:
        fields.setdefault("confirmed_at", timezone.now() - datetime.timedelta(hours=1))
    subscriber = Subscriber.objects.create(
        email=email or f"lectrice{next(_numbers)}@exemple.fr", status=status, **fields
    )
    subscriber.influencers.set(influencers)
    return subscriber


def link_in(message, name):
    """The site path of the /newsletter/<name>/<token>/ link in an email's text part."""
    match = re.search(rf"https?://[^/\s]+(/newsletter/{name}/[^/\s]+/)", message.body)
    assert match, f"pas de lien {name} dans : {message.body}"
    return match.group(1)


def html_part(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@pytest.fixture
def subscribe(client):
    """POST the /newsletter/ form like a reader; returns the response."""

    def post(email="lectrice@exemple.fr", articles="immediate", **fields):
        data = {"email": email, "articles": articles, "source": "page", **fields}
        return client.post("/newsletter/", data)

    return post
