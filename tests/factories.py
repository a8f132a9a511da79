"""Small factories for the test suite, built on model-bakery."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from model_bakery import baker, random_gen
from model_bakery import generators as baker_generators

from articles.models import Article, Author
from influencers.models import Account, FollowerSnapshot, Influencer, Platform

_sequence = itertools.count(1)
# model-bakery knows fields by their exact class: a title is a CharField to fill like any.
baker_generators.add("safeguards.text.SingleLineCharField", random_gen.gen_string)

# Every way an article can exist without being public; the pages, feeds, sitemap and
# search tests all check each of them.
HIDDEN_STATES = [
    pytest.param({"status": Article.Status.DRAFT}, id="draft"),
    pytest.param({"status": Article.Status.REVIEW}, id="in-review"),
    pytest.param(
        {
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() + datetime.timedelta(days=2),
        },
        id="scheduled",
    ),
]
PASSWORD = "correct-horse-battery-staple"


def make_user(username=None, **fields):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_sequence)}", password=PASSWORD, **fields
    )
    return user


def make_platform(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"Plateforme {number}")
    fields.setdefault("slug", f"plateforme-{number}")
    fields.setdefault("profile_url_pattern", "https://example.com/{handle}")
    return baker.make(Platform, **fields)


def make_influencer(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"Influenceur {number}")
    fields.setdefault("slug", f"influenceur-{number}")
    fields.setdefault("is_published", True)
    return baker.make(Influencer, **fields)


def make_account(influencer=None, platform=None, **fields):
    fields.setdefault("handle", f"compte{next(_sequence)}")
    return baker.make(
        Account,
        influencer=influencer or make_influencer(),
        platform=platform or make_platform(),
        **fields,
    )


def make_snapshot(account=None, recorded_on=None, followers=1000, **fields):
    return baker.make(
        FollowerSnapshot,
        account=account or make_account(),
        recorded_on=recorded_on or timezone.localdate(),
        followers=followers,
        **fields,
    )


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def make_history(account, days, start_followers=1000, daily_gain=10, end=None):
    """One snapshot a day for `days` days ending on `end` (today by default)."""
    end = end or timezone.localdate()
    return FollowerSnapshot.objects.bulk_create(
        FollowerSnapshot(
            account=account,
            recorded_on=end - datetime.timedelta(days=days - 1 - index),
            followers=start_followers + daily_gain * index,
        )
        for index in range(days)
    )


def make_author(**fields):
    number = next(_sequence)
    fields.setdefault("name", f"Auteur {number}")
    fields.setdefault("slug", f"auteur-{number}")
    return baker.make(Author, **fields)


def make_article(status=Article.Status.PUBLISHED, published_at=None, tags=(), **fields):
    number = next(_sequence)
    fields.setdefault("title", f"Article {number}")
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("body", "<p>Un texte.</p>")
    if published_at is None and status == Article.Status.PUBLISHED:
        published_at = timezone.now() - datetime.timedelta(hours=number)
    article = Article.objects.create(status=status, published_at=published_at, **fields)
    if tags:
        article.tags.set(tags)
    return article
