"""Two people edit the same article: the second save of a stale form never overwrites."""

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from articles.models import Article
from tests import factories
from tests.articles.admin_forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return factories.make_article(
        status=Article.Status.DRAFT, title="Sujet commun", body="<p>Texte de départ.</p>"
    )


def open_form(user, article):
    client = Client()
    client.force_login(user)
    url = f"/admin/articles/article/{article.pk}/change/"
    return client, url, form_fields(client.get(url))


def test_stale_save_is_refused_with_both_texts_shown(editor_user, superuser, article):
    first, url, first_form = open_form(editor_user, article)
    second, _, second_form = open_form(superuser, article)

    first_form["body"] = "<p>Version de l'éditrice.</p>"
    assert first.post(url, first_form).status_code == 302

    second_form["body"] = "<p>Version de la patronne.</p>"
    response = second.post(url, second_form)

    assert response.status_code == 200
    page = unescape(response.text)
    assert "Cet article a été modifié par editrice" in page
    assert "Rien n'a été enregistré" in page
    assert "<p>Version de la patronne.</p>" in page, "their text is kept"
    assert "<p>Version de l'éditrice.</p>" in page, "the current text is shown next to it"
    differences = BeautifulSoup(response.text, "html.parser").select_one(".edit-conflict ol")
    assert differences.select_one(".body-diff__removed").text.endswith(
        "<p>Version de l'éditrice.</p>"
    )
    assert differences.select_one(".body-diff__added").text.endswith(
        "<p>Version de la patronne.</p>"
    )
    article.refresh_from_db()
    assert article.body == "<p>Version de l'éditrice.</p>"


def test_saving_again_after_reconciling_is_accepted(editor_user, superuser, article):
    first, url, first_form = open_form(editor_user, article)
    second, _, second_form = open_form(superuser, article)
    first_form["body"] = "<p>Une.</p>"
    first.post(url, first_form)
    second_form["body"] = "<p>Deux.</p>"
    conflict = second.post(url, second_form)

    reconciled = form_fields(conflict)
    reconciled["body"] = "<p>Une.</p><p>Deux.</p>"
    assert second.post(url, reconciled).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Une.</p><p>Deux.</p>"


def test_saving_twice_in_a_row_from_fresh_forms_is_no_conflict(editor_user, article):
    client, url, form = open_form(editor_user, article)
    form["title"] = "Premier enregistrement"
    assert client.post(url, form).status_code == 302
    form = form_fields(client.get(url))
    form["title"] = "Second enregistrement"
    assert client.post(url, form).status_code == 302
    article.refresh_from_db()
    assert article.title == "Second enregistrement"
