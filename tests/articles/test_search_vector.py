"""The stored full-text document of articles, kept up to date by a PostgreSQL trigger.

Search ranks and matches on `Article.search_vector` instead of recomputing the
document of every article per query; these tests pin that the column is always
the document of the article's current text, whatever wrote it. SQLite has no
full-text document (the column stays NULL there), hence PostgreSQL only.
"""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
    ),
]

# What search ranks on: the title weighs more than the standfirst, which weighs more than the body.
WEIGHTED_DOCUMENT = (
    SearchVector("title", weight="A", config="french")
    + SearchVector("standfirst", weight="B", config="french")
    + SearchVector("body", weight="C", config="french")
)


def stored_and_expected(article):
    return (
        Article.objects.filter(pk=article.pk)
        .annotate(expected=WEIGHTED_DOCUMENT)
        .values_list("search_vector", "expected")
        .get()
    )


def matches(article, word):
    query = SearchQuery(word, config="french")
    return Article.objects.filter(pk=article.pk, search_vector=query).exists()


def test_a_new_article_stores_its_weighted_document():
    article = factories.make_article(
        title="Les spationautes", standfirst="Un chapô sur Instagram.", body="<p>Orbite.</p>"
    )

    stored, expected = stored_and_expected(article)

    assert stored == expected
    assert "'spationaut':2A" in stored


@pytest.mark.parametrize("field", ["title", "standfirst", "body"])
def test_editing_a_field_replaces_its_words_in_the_document(field):
    article = factories.make_article(**{field: "<p>Fromage</p>" if field == "body" else "Fromage"})
    assert matches(article, "fromage")

    setattr(article, field, "<p>Macaron</p>" if field == "body" else "Macaron")
    article.save()

    assert matches(article, "macaron")
    assert not matches(article, "fromage")
    stored, expected = stored_and_expected(article)
    assert stored == expected


def test_saving_only_some_fields_still_refreshes_the_document():
    article = factories.make_article(body="<p>Fromage</p>")

    article.body = "<p>Macaron</p>"
    article.save(update_fields=["body"])

    assert matches(article, "macaron")
    assert not matches(article, "fromage")


def test_bulk_updates_refresh_the_document():
    article = factories.make_article(title="Fromage")

    Article.objects.filter(pk=article.pk).update(title="Macaron")

    assert matches(article, "macaron")
    assert not matches(article, "fromage")


def test_the_document_cannot_be_overwritten_by_hand():
    article = factories.make_article(title="Fromage")

    Article.objects.filter(pk=article.pk).update(search_vector=None)

    stored, expected = stored_and_expected(article)
    assert stored == expected


def test_generated_articles_store_their_document(settings):
    call_command("generate_articles", count=5, covers=2, stdout=StringIO())

    generated = Article.objects.filter(slug__startswith="genere-").annotate(
        expected=WEIGHTED_DOCUMENT
    )
    assert len(generated) == 5
    for article in generated:
        assert article.search_vector == article.expected


def test_search_finds_an_edited_article_by_its_new_word_not_its_old_one(client):
    article = factories.make_article(title="Le fromage à bord", standfirst="Un portrait.")

    article.title = "Les macarons à bord"
    article.save()

    def found(query):
        response = client.get("/recherche/", {"q": query})
        soup = BeautifulSoup(response.content, "html.parser")
        return [title.get_text(strip=True) for title in soup.select(".search-result__title")]

    assert found("macarons") == ["Les macarons à bord"]
    assert found("fromage") == []
