"""Every save of an article is kept; editors compare two revisions and restore one."""

import importlib
from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps

from articles.models import Article
from tests import factories
from tests.articles.admin_forms import form_fields, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_with_two_revisions(client, editor_user):
    article = factories.make_article(
        status=Article.Status.DRAFT,
        title="Première version",
        body="<h2>Début</h2><p>Un paragraphe qui restera.</p><p>Une phrase qui partira.</p>",
    )
    client.force_login(editor_user)
    response = submit(
        client,
        f"/admin/articles/article/{article.pk}/change/",
        title="Seconde version",
        body="<h2>Début</h2><p>Un paragraphe qui restera.</p><p>Une phrase toute neuve.</p>",
    )
    assert response.status_code == 302
    article.refresh_from_db()
    return article


def test_each_save_is_kept_with_its_author(article_with_two_revisions, editor_user):
    revisions = article_with_two_revisions.history.all()
    assert [revision.title for revision in revisions] == ["Seconde version", "Première version"]
    assert revisions[0].history_user == editor_user


def test_history_links_to_the_changes_of_each_revision(client, article_with_two_revisions):
    page = client.get(f"/admin/articles/article/{article_with_two_revisions.pk}/history/").text
    assert "Voir les changements" in page


def test_compare_shows_changed_fields_and_body_paragraphs(client, article_with_two_revisions):
    url = f"/admin/articles/article/{article_with_two_revisions.pk}/history/compare/"
    page = unescape(client.get(url).text)
    assert "<del>Première version</del>" in page
    assert "<ins>Seconde version</ins>" in page
    assert "<p>Une phrase qui partira.</p></del>" in page
    assert "<p>Une phrase toute neuve.</p></ins>" in page
    assert '<li class="body-diff__same"><p>Un paragraphe qui restera.</p></li>' in page


def test_any_two_revisions_can_be_compared(client, article_with_two_revisions):
    article_with_two_revisions.title = "Troisième version"
    article_with_two_revisions.save()
    oldest, newest = (
        article_with_two_revisions.history.earliest(),
        article_with_two_revisions.history.latest(),
    )
    url = f"/admin/articles/article/{article_with_two_revisions.pk}/history/compare/"
    page = unescape(client.get(f"{url}?from={oldest.history_id}&to={newest.history_id}").text)
    assert "<del>Première version</del>" in page
    assert "<ins>Troisième version</ins>" in page
    picker = BeautifulSoup(page, "html.parser").select_one("form.revision-picker")
    assert len(picker.select("#revision-from option")) == 3


def test_editor_restores_an_earlier_revision(client, article_with_two_revisions):
    first = article_with_two_revisions.history.earliest()
    url = f"/admin/articles/article/{article_with_two_revisions.pk}/history/{first.history_id}/"
    response = client.post(url, form_fields(client.get(url)))
    assert response.status_code == 302
    article_with_two_revisions.refresh_from_db()
    assert article_with_two_revisions.title == "Première version"
    assert "Une phrase qui partira." in article_with_two_revisions.body
    assert article_with_two_revisions.history.count() == 3, "the restore is a revision too"


def test_unknown_revision_is_404(client, article_with_two_revisions):
    url = f"/admin/articles/article/{article_with_two_revisions.pk}/history/compare/"
    assert client.get(url + "?to=999999").status_code == 404
    assert client.get(url + "?from=abc").status_code == 404


def test_articles_written_before_revisions_get_a_first_one():
    migration = importlib.import_module("articles.migrations.0092_initial_revisions")
    article = factories.make_article(title="Ancien")
    article.history.all().delete()  # as if written before history was kept
    with_history = factories.make_article(title="Récent")

    migration.record_initial_revisions(django_apps, schema_editor=None)

    assert [revision.title for revision in article.history.all()] == ["Ancien"]
    assert article.history.get().history_change_reason == "Version initiale"
    assert with_history.history.count() == 1, "articles with revisions are left alone"
