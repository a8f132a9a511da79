"""No text that staff can enter may make any page fail for anyone.

Every editable text field of every model of our apps (and taggit's tags) is filled
with one hostile or degenerate value per round — whatever the field's own validation
(length, choices, slug or URL rules, the model's clean()) lets through, as the admin
would — and then every public URL (anonymously) and every admin URL (as a superuser,
anonymously) is requested: no 5xx. New models and new routes are picked up by
themselves; a new public route with a slug needs one line in SLUG_SOURCES. Routes
taking a newsletter token get a valid token of every subscriber, and a forged one.
"""

import io
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import URLResolver, get_resolver, reverse
from PIL import Image
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleImage,
    Author,
    CitedFigure,
    Embed,
    Series,
    SeriesPart,
    ShareLink,
)
from influencers.models import Account, Influencer, Platform
from newsletter import tokens
from newsletter.models import Consent, Subscriber
from tests import factories
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db

OUR_APPS = ("agency", "safeguards", "influencers", "articles", "newsletter")
# Each round is a full sweep (a few seconds): one value per kind of trouble.
HOSTILE_VALUES = {
    "empty-once-slugified": "!!!\\>",
    "markup-rtl-emoji-formats": "<script>alert(1)</script>\u200f\u202e👩\u200d🚀\"'&{0}%s{{ x }}",
    "very-long": "Ωmega " * 4000,
    "blank": "   ",
    # Line breaks and control characters (NUL aside: forms and PostgreSQL refuse it).
    "line-breaks-controls": "Un\r\ntitre\v\f\u2028\u2029\x85\tsur\x1b[31m\x07\x7f lignes",
}
# Public routes taking a slug, and the model whose slugs they take.
SLUG_SOURCES = {
    "articles:detail": Article,
    "articles:preview": Article,
    "articles:tag": Tag,
    "articles:tag_feed": Tag,
    "articles:author": Author,
    "articles:influencer_feed": Influencer,
    "influencers:detail": Influencer,
    "influencers:followers_csv": Influencer,
    "influencers:followers_json": Influencer,
    "influencers:platform": Platform,
    "articles:series": Series,
    "articles:share_card": Article,
    "influencers:share_card": Influencer,
    # Not a slug, but a key all the same: the draft shared by each link.
    "articles:shared_draft": (ShareLink, "token"),
    # Two slugs: an account's chart.
    "influencers:chart_svg": (Account, "influencer__slug", "platform__slug"),
}


def png_upload(name="photo.png"):
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


@pytest.fixture
def one_of_everything():
    account = factories.make_account()
    snapshot = factories.make_snapshot(account=account)
    article = factories.make_article(tags=["Espace"])
    article.authors.add(factories.make_author())
    article.influencers.add(account.influencer)
    CitedFigure.objects.create(article=article, account=account, cited_on=snapshot.recorded_on)
    ArticleImage.objects.create(article=article, image=png_upload(), alt="Une image")
    Embed.objects.create(article=article, url="https://x.com/astro/status/1", quote="Bonjour")
    draft = factories.make_article(status=Article.Status.DRAFT)
    ShareLink.objects.create(article=draft)
    series = Series.objects.create(title="Une série", slug="une-serie")
    SeriesPart.objects.create(series=series, article=article, position=1)
    subscriber = make_subscriber(influencers=[account.influencer])
    subscriber.record_consent(Consent.Action.REQUESTED, Consent.Source.PAGE, "Je m’abonne")


def our_models():
    for config in apps.get_app_configs():
        if config.label in OUR_APPS:
            yield from (model for model in config.get_models() if model in admin.site._registry)
    yield Tag


def is_ours(model):
    return model._meta.app_label in OUR_APPS or model is Tag


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and field.editable
    ]


def fill_with(instance, value):
    """Set every text field the admin would accept `value` (cut to size) in; save."""
    accepted = {}
    for field in text_fields(type(instance)):
        candidate = value[: field.max_length] if field.max_length else value
        try:
            field.clean(candidate, instance)
        except ValidationError:
            continue
        accepted[field.attname] = getattr(instance, field.attname)
        setattr(instance, field.attname, candidate)
    try:
        instance.full_clean()
    except ValidationError as error:
        refused = set(error.message_dict)
        for name, old in accepted.items():
            if name in refused or NON_FIELD_ERRORS in refused:
                setattr(instance, name, old)
    instance.save()


def public_urls():
    urls = ["/page-qui-n-existe-pas/"]
    for name, route in walk(get_resolver().url_patterns):
        if name is None:  # media, in debug only
            continue
        if "<" not in route:
            urls.append(reverse(name))
            continue
        if name in TOKEN_ROUTES:
            urls += token_urls(TOKEN_ROUTES[name])
            continue
        assert name in SLUG_SOURCES, f"add the model whose slugs {name} takes to SLUG_SOURCES"
        source = SLUG_SOURCES[name]
        model, *keys = source if isinstance(source, tuple) else (source, "slug")
        urls += [reverse(name, args=row) for row in model._default_manager.values_list(*keys)]
    return urls


TOKEN_ROUTES = {name: purpose for purpose, name in tokens.URL_NAMES.items()}


def token_urls(purpose):
    name = tokens.URL_NAMES[purpose]
    subscribers = Subscriber.objects.all()
    forged = reverse(name, args=["forged:token"])
    return [forged, *(reverse(name, args=[tokens.make_token(s, purpose)]) for s in subscribers)]


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if not str(pattern.pattern).startswith("admin"):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, str(pattern.pattern)
        else:
            yield None, str(pattern.pattern)


OBJECT_ID = re.compile(r"<(?:path:)?object_id>")


def admin_urls(value):
    """Every admin page of every registered model: the changelist (searched too),
    the add form, each object's change, history and delete pages, and the model
    admin's own screens (bulk entry, import…) that take no other argument."""
    urls = ["/admin/", "/admin/password_change/"]
    for model, model_admin in admin.site._registry.items():
        if not is_ours(model):  # users, groups, login attempts: no field filled here
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, f"{base}?q={value[:200]}"]
        pks = list(model._default_manager.values_list("pk", flat=True)[:2])
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern).lstrip("^").rstrip("$")
            if OBJECT_ID.search(route):
                urls += [base + OBJECT_ID.sub(str(pk), route) for pk in pks]
            elif "<" not in route and "(" not in route and route:
                urls.append(base + route)
    return sorted(set(urls))


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_hostile_text_in_every_field_breaks_no_page(client, superuser, one_of_everything, value):
    article = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    article.tags.add(value[:100].strip() or "!", "\\>" + value[:20])  # created from names
    for model in our_models():
        for instance in model._default_manager.all():
            fill_with(instance, value)
    public = [*public_urls(), f"/recherche/?q={value[:300]}", f"/?page={value[:50]}"]
    admin_pages = admin_urls(value)

    # Anonymous admin requests only meet the login redirect: cheap, and checked all the same.
    failures = [url for url in public + admin_pages if client.get(url).status_code >= 500]
    client.force_login(superuser)
    failures += [url for url in public + admin_pages if client.get(url).status_code >= 500]

    assert not failures
    assert len(public) > 15 and len(admin_pages) > 30, "the sweep found the site's pages"
