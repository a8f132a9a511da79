import importlib
from html import unescape

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from taggit.models import Tag

from tests import factories
from tests.articles.admin_forms import form_fields

pytestmark = pytest.mark.django_db

# Names whose plain slug is empty: punctuation, markup, emoji, right-to-left marks, CJK.
SLUGLESS_NAMES = ["!!!", "\\>", "🚀🚀", "\u200f\u202e", "<>", "日本", "—"]


@pytest.mark.parametrize("name", SLUGLESS_NAMES)
def test_a_tag_without_letters_gets_a_slug_its_page_can_be_reached_by(client, name):
    article = factories.make_article(tags=[name])

    tag = Tag.objects.get(name=name)
    assert tag.slug.startswith("etiquette-")
    assert client.get(reverse("articles:tag", args=[tag.slug])).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/sitemap.xml").status_code == 200


def test_several_slugless_tags_get_distinct_slugs():
    factories.make_article(tags=["!!!", "???", "🙂"])
    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert slugs == ["etiquette-1", "etiquette-2", "etiquette-3"]


def test_a_long_name_whose_slug_is_taken_still_fits_the_column():
    # Two names of the column's full length whose slugs are the same.
    factories.make_article(tags=["a" * 99 + "!", "a" * 99 + "?"])
    for tag in Tag.objects.all():
        assert len(tag.slug) <= 100
    assert Tag.objects.values("slug").distinct().count() == 2


def test_a_slug_edited_to_something_unreachable_is_made_reachable():
    # The tag admin's slug field accepts Unicode slugs, which <slug:…> URLs do not.
    tag = Tag.objects.create(name="Espace")
    tag.slug = "été"
    tag.save()
    tag.refresh_from_db()
    assert tag.slug == "ete"


def test_migration_repairs_tags_stored_with_an_empty_slug(client):
    article = factories.make_article()
    Tag.objects.bulk_create([Tag(name="!!!", slug=""), Tag(name="Été", slug="été")])
    article.tags.set(Tag.objects.all())
    migration = importlib.import_module("articles.migrations.0093_repair_empty_tag_slugs")

    migration.repair_tag_slugs(django_apps, schema_editor=None)

    assert dict(Tag.objects.values_list("name", "slug")) == {"!!!": "etiquette-1", "Été": "ete"}
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/articles/article/add/", "/admin/influencers/influencer/add/"]
)
def test_a_tag_too_long_for_its_column_is_a_form_message_not_an_error_page(client, superuser, url):
    client.force_login(superuser)
    data = form_fields(client.get(url))
    data.update(title="Titre", name="Nom", slug="un-slug", tags="espace, " + "x" * 101)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Étiquette trop longue (100 caractères au plus)" in unescape(response.text)
    assert not Tag.objects.exists()
