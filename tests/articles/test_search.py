"""Search over public articles and influencers, on SQLite (fallback) and PostgreSQL (full text).

The same behaviour is pinned on both databases; the tests marked for
PostgreSQL pin what only real full-text search does (stemming, the index).
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import highlight_marked, highlight_terms
from tests import factories
from tests.factories import HIDDEN_STATES

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
)


HOSTILE_QUERIES = [
    pytest.param("'; DROP TABLE articles_article; --", id="sql"),
    pytest.param('"spationaute', id="unbalanced-quote"),
    pytest.param("<script>alert('x')</script>", id="html"),
    pytest.param("!!! & | ( ) : * <-> -", id="tsquery-operators"),
    pytest.param("%_%", id="like-wildcards"),
    pytest.param("é" * 1000, id="very-long"),
    pytest.param("Pesquet\x00", id="nul-character"),
]


def search(client, query, **params):
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return response


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [heading.get_text(strip=True) for heading in soup.select(".search-result__title")]


@pytest.fixture
def corpus():
    pesquet = factories.make_influencer(
        name="Thomas Pesquet", slug="thomas-pesquet", headline="Spationaute de l'ESA"
    )
    factories.make_influencer(
        name="Samantha Cristoforetti", slug="samantha", headline="Astronaute italienne"
    )
    founding = factories.make_article(
        title="Thomas Pesquet, influenceur en orbite",
        standfirst="Comment un spationaute a conquis Instagram depuis la station.",
        body="<h2>Une mission</h2><p>Cent quatre-vingt-seize jours dans l'espace.</p>",
    )
    founding.influencers.add(pesquet)
    factories.make_article(
        title="Les marques autour des missions",
        standfirst="Macarons et fromage : le marketing des vols habités.",
        body="<p>Le Comté est monté à bord avec un astronaute.</p>",
    )
    return founding


def test_search_finds_articles_by_title_standfirst_and_body(client, corpus):
    assert result_titles(search(client, "orbite")) == ["Thomas Pesquet, influenceur en orbite"]
    assert result_titles(search(client, "Instagram")) == ["Thomas Pesquet, influenceur en orbite"]
    assert result_titles(search(client, "Comté")) == ["Les marques autour des missions"]


def test_search_finds_influencers_by_name_and_headline(client, corpus):
    response = search(client, "Cristoforetti")
    assert result_titles(response) == ["Samantha Cristoforetti"]

    titles = result_titles(search(client, "Pesquet"))
    assert "Thomas Pesquet" in titles
    assert "Thomas Pesquet, influenceur en orbite" in titles


def test_every_word_of_the_query_must_match(client, corpus):
    assert result_titles(search(client, "Instagram fromage")) == []
    assert result_titles(search(client, "marketing fromage")) == ["Les marques autour des missions"]


def test_title_matches_rank_above_body_matches(client, corpus):
    factories.make_article(
        title="Le spationaute de la semaine",
        standfirst="Portrait.",
        published_at=timezone.now() - datetime.timedelta(days=30),
    )

    titles = result_titles(search(client, "spationaute"))

    assert titles.index("Le spationaute de la semaine") < titles.index(
        "Thomas Pesquet, influenceur en orbite"
    )


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_articles_are_never_found(client, corpus, state):
    factories.make_article(title="Pesquet secret", standfirst="Pesquet en coulisses.", **state)
    factories.make_article(title="Pesquet public", standfirst="Pesquet en coulisses.")

    titles = result_titles(search(client, "Pesquet"))
    assert "Pesquet public" in titles  # the same words, published: found
    assert "Pesquet secret" not in titles


def test_unpublished_influencers_are_never_found(client, corpus):
    factories.make_influencer(name="Pesquet caché", is_published=False)
    factories.make_influencer(name="Pesquet visible")

    titles = result_titles(search(client, "Pesquet"))
    assert "Pesquet visible" in titles  # the same name, published: found
    assert "Pesquet caché" not in titles


def test_matches_are_highlighted_in_an_escaped_snippet(client, db):
    factories.make_article(
        title="Un article",
        standfirst="Le <b>spationaute</b> & ses abonnés",
        body="<p>Rien d'autre.</p>",
    )

    soup = BeautifulSoup(search(client, "spationaute").content, "html.parser")

    snippet = soup.select_one(".search-result__snippet")
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["spationaute"]
    assert snippet.find("b") is None
    assert "& ses abonnés" in snippet.get_text()


def test_empty_query_shows_the_form_and_a_hint(client, corpus):
    for query in ("", "   "):
        soup = BeautifulSoup(search(client, query).content, "html.parser")
        assert soup.select_one("form[role=search] input[name=q]") is not None
        assert soup.select(".search-result") == []
        assert "Cherchez un article ou un influenceur" in soup.get_text()


def test_search_form_has_a_label(client, db):
    soup = BeautifulSoup(search(client, "").content, "html.parser")

    for field in soup.select("input[name=q]"):
        assert soup.select_one(f"label[for={field['id']}]") is not None


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_are_handled_gracefully(client, corpus, query):
    response = search(client, query)

    assert "<script>alert" not in response.text
    assert Article.objects.count() == 2


def test_overlong_query_is_refused_with_a_message(client, corpus):
    response = search(client, "Pesquet " * 100)

    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("main input[name=q]")
    assert field["aria-invalid"] == "true"
    assert "au plus 200 caractères" in soup.select_one(f"#{field['aria-describedby']}").text
    assert result_titles(response) == []


def test_results_are_paginated_and_keep_the_query(client, db):
    for number in range(12):
        factories.make_article(title=f"Orbite numéro {number}")

    first = BeautifulSoup(search(client, "orbite").content, "html.parser")
    second = search(client, "orbite", page=2)

    assert len(first.select(".search-result")) == 10
    assert first.select_one("a[rel=next]")["href"] == "?q=orbite&page=2"
    assert len(result_titles(second)) == 2
    assert client.get("/recherche/", {"q": "orbite", "page": 9}).status_code == 404


def test_search_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    """Count, one page of articles, the influencers: snippets come with the rows."""
    for number in range(15):
        factories.make_article(title=f"Orbite {number}", tags=["espace"])
        factories.make_influencer(name=f"Orbite {number}")

    with django_assert_max_num_queries(3):
        search(client, "orbite")


def test_header_search_form_is_on_every_page(client, db):
    soup = BeautifulSoup(client.get("/").content, "html.parser")

    form = soup.select_one("header form[role=search]")
    assert form["action"] == "/recherche/"
    field = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={field['id']}]") is not None


def test_search_page_is_not_indexed(client, db):
    assert '<meta name="robots" content="noindex, follow">' in search(client, "orbite").text


@on_postgresql
def test_french_stemming_finds_other_forms_of_a_word(client, corpus):
    # Only "astronaute" (singular) is written; a substring search would find nothing.
    response = search(client, "astronautes")

    assert result_titles(response) == ["Samantha Cristoforetti", "Les marques autour des missions"]
    marks = BeautifulSoup(response.content, "html.parser").select(".search-result__snippet mark")
    assert {mark.get_text().lower() for mark in marks} == {"astronaute"}


@on_postgresql
def test_web_search_syntax_excludes_and_quotes(client, corpus):
    assert result_titles(search(client, "mission -Comté")) == [
        "Thomas Pesquet, influenceur en orbite"
    ]
    assert result_titles(search(client, '"vols habités"')) == ["Les marques autour des missions"]


@on_postgresql
def test_article_search_uses_the_gin_index(corpus):
    """The match reads the stored document through its GIN index, not every article's body."""
    from articles.search import search_articles

    Article.objects.bulk_create(
        Article(
            title=f"Chronique {number}",
            slug=f"chronique-{number}",
            body="<p>Des chiffres d'abonnés, semaine après semaine.</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=1),
        )
        for number in range(2000)
    )
    with connection.cursor() as cursor:
        # Rows inserted since the index was built wait in its pending list, which
        # makes the planner shy of it until (auto)vacuum merges them: merge now.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_idx')")
        cursor.execute("ANALYZE articles_article")
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = search_articles("spationaute").queryset.explain()

    assert "article_search_vector_idx" in plan
    assert "to_tsvector" not in plan


def test_snippet_builders_escape_everything_but_their_marks():
    marked = highlight_marked("<script>x</script> \ue000orbite\ue001 & \ue000<b>\ue001 \ue000")
    assert str(marked) == (
        "&lt;script&gt;x&lt;/script&gt; <mark>orbite</mark> &amp; <mark>&lt;b&gt;</mark> "
    )
    plain = highlight_terms("<p>Un <em>spationaute</em> &amp; <q>x</q></p>", ["spationaute"])
    assert str(plain) == "Un <mark>spationaute</mark> &amp; x"
