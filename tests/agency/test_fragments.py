"""Parts of pages kept under the content version: cards and an article's head and content.

They serve what the page cache does not (a miss, a logged-in editor), so they must
follow every change to public content as the page cache does, and never show a draft.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def article(db):
    article = factories.make_article(title="Une orbite bien remplie", tags=["espace"])
    article.authors.add(factories.make_author(name="Léa Plume"))
    article.influencers.add(factories.make_influencer(slug="astrid"))
    return article


INFLUENCER_PAGE = "/influenceurs/astrid/"  # lists the article as a card


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), response.content


@pytest.mark.parametrize("url", ["article", "/", "/tags/espace/", INFLUENCER_PAGE])
def test_a_page_whose_parts_are_cached_reads_less_and_shows_the_same(client, article, url):
    url = article.get_absolute_url() if url == "article" else url
    first_count, first = queries_of(client, url)
    second_count, second = queries_of(client, url)
    assert second == first
    assert second_count < first_count
    assert "Léa Plume" in first.decode()


def test_a_cached_article_costs_only_the_content_version(client, article):
    client.get(article.get_absolute_url())
    count, content = queries_of(client, article.get_absolute_url())
    assert count == 1
    assert "<title>Une orbite bien remplie" in content.decode()


def test_an_edit_shows_at_once_on_the_article_and_its_cards(client, article, on_commit):
    urls = (article.get_absolute_url(), "/", "/tags/espace/", INFLUENCER_PAGE)
    for url in urls:
        client.get(url)
    article.title = "Une orbite encore plus remplie"
    on_commit(article.save)
    for url in urls:
        assert "Une orbite encore plus remplie" in client.get(url).text, url


def test_a_renamed_author_is_renamed_on_cached_cards(client, article, on_commit):
    client.get("/")
    author = article.authors.get()
    author.name = "Léa Encre"
    on_commit(author.save)
    assert "Léa Encre" in client.get("/").text


def test_an_unpublished_article_is_gone_though_its_parts_were_cached(client, article, on_commit):
    client.get(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    on_commit(article.save)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_unknown_article_is_a_404(client, article):
    client.get(article.get_absolute_url())
    assert client.get("/articles/nulle-part/").status_code == 404


def test_a_preview_shows_each_draft_edit_without_a_bump(admin_client):
    draft = factories.make_article(title="Premier jet", status=Article.Status.DRAFT)
    preview = f"{draft.get_absolute_url()}apercu/"
    assert "Premier jet" in admin_client.get(preview).text
    # Drafts do not bump the content version: only an uncached preview shows the change.
    Article.objects.filter(pk=draft.pk).update(title="Second jet")
    assert "Second jet" in admin_client.get(preview).text


def test_the_sitemap_is_built_once_per_content_version(client, article, on_commit):
    first_count, first = queries_of(client, "/sitemap.xml")
    second_count, second = queries_of(client, "/sitemap.xml")
    assert (second, second_count) == (first, 1) and first_count > 1
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")
    newer = factories.make_article(slug="nouvelle-orbite")
    on_commit(newer.save)
    assert b"/articles/nouvelle-orbite/" in client.get("/sitemap.xml").content
    assert client.get("/sitemap.xml?p=99").status_code == 404
