"""While PostgreSQL does not answer, readers get the last page stored for their address.

The outage is simulated where every query goes through (`CursorWrapper.execute`), so the
content version, the views and the sessions all meet it, as with a stopped server.
"""

import contextlib
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from articles.views import ArticleDetailView
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.STALE_IF_ERROR_SECONDS = 86400


@pytest.fixture
def client():
    # The 503 page is what a reader gets, not the exception re-raised in the test.
    return Client(raise_request_exception=False)


@pytest.fixture
def article(db):
    return factories.make_article(title="Avant la panne")


@contextlib.contextmanager
def database_away(error=OperationalError):
    def refused(*args, **kwargs):
        raise error("connection refused")

    with (
        mock.patch.object(CursorWrapper, "execute", refused),
        mock.patch.object(CursorWrapper, "executemany", refused),
    ):
        yield


def directives(response):
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_cached_page_is_served_while_the_database_is_away(client, article, error):
    stored = client.get(article.get_absolute_url())
    with database_away(error):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content == stored.content
    assert response["X-Page-Cache"] == "stale"
    assert "stale-if-error=86400" in directives(response)
    assert "max-age=0" in directives(response)
    assert int(response["Age"]) >= 0


def test_head_is_answered_from_the_stored_page_too(client, article):
    client.get(article.get_absolute_url())
    with database_away():
        response = client.head(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale"


def test_the_last_page_stored_is_served_even_if_content_changed_since(client, article, on_commit):
    client.get(article.get_absolute_url())
    article.title = "Corrigé avant la panne"
    on_commit(article.save)
    with database_away():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Avant la panne" in response.text


def test_never_a_stale_page_while_the_database_answers(client, article, on_commit):
    client.get(article.get_absolute_url())
    with database_away():
        client.get(article.get_absolute_url())
    article.title = "Corrigé après la panne"
    on_commit(article.save)
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Corrigé après la panne" in response.text
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_page_met_by_the_outage_while_rendering_falls_back_to_the_stored_one(
    client, article, on_commit, monkeypatch
):
    """The version was read, then the database went away under the view."""
    client.get(article.get_absolute_url())
    article.title = "Corrigé"
    on_commit(article.save)

    def database_gone(self, queryset=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ArticleDetailView, "get_object", database_gone)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale"
    assert "Avant la panne" in response.text


def test_a_page_never_stored_is_the_french_503_during_an_outage(client, article):
    with database_away():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]


def test_a_reader_with_a_session_gets_the_503_not_a_shared_page(client, article):
    client.get(article.get_absolute_url())
    client.cookies["sessionid"] = "a-session"
    with database_away():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503


def test_a_form_sent_during_an_outage_gets_the_503(client, article):
    client.get("/newsletter/")
    with database_away():
        response = client.post("/newsletter/", {"email": "lectrice@example.fr"})
    assert response.status_code == 503
    assert response["Retry-After"]


def test_fresh_pages_let_a_cdn_serve_them_stale_on_error(client, article):
    for _ in range(2):  # a miss, then a hit
        response = client.get(article.get_absolute_url())
        assert "stale-if-error=86400" in directives(response)
