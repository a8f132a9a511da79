"""The checks before publishing as the change form shows them: links to the spot, no block."""

import pytest
from bs4 import BeautifulSoup

from articles.models import Article
from tests import factories
from tests.articles.admin_forms import submit

pytestmark = pytest.mark.django_db


def checks_section(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find("section", class_="content-checks")


def test_the_change_form_lists_warnings_with_links_to_their_spot(client, editor_user):
    article = factories.make_article(
        status=Article.Status.DRAFT,
        body="<h3>Trop bas</h3><p>Voir <a href='https://esa.int'>ici</a>.</p>",
        seo_title="",
        seo_description="Une description.",
    )
    client.force_login(editor_user)
    section = checks_section(client.get(f"/admin/articles/article/{article.pk}/change/"))
    links = [(a["href"], a.get("data-body-spot"), a.text) for a in section.find_all("a")]
    assert links == [
        ("#id_body", "h3:0", "Intertitre de niveau 3 après un niveau 1 : il manque un niveau 2."),
        ("#id_body", "a:0", "Lien au texte vague « ici » : dites où il mène."),
        ("#id_seo_title", None,
         "Titre SEO manquant : les moteurs de recherche montreront le titre de l'article."),
    ]  # fmt: skip
    assert "3 points à revoir" in section.text


def test_a_clean_article_says_there_is_nothing_to_check(client, editor_user):
    article = factories.make_article(seo_title="Court", seo_description="Une description.")
    client.force_login(editor_user)
    section = checks_section(client.get(f"/admin/articles/article/{article.pk}/change/"))
    assert section.find("ul") is None
    assert "Rien à revoir" in section.text


def test_the_add_form_has_nothing_to_check_yet(client, editor_user):
    client.force_login(editor_user)
    assert checks_section(client.get("/admin/articles/article/add/")) is None


def test_warnings_do_not_stop_an_article_from_being_published(client, editor_user):
    article = factories.make_article(status=Article.Status.DRAFT, body="<img src='/media/x.png'>")
    client.force_login(editor_user)
    url = f"/admin/articles/article/{article.pk}/change/"
    response = submit(client, url, status=Article.Status.PUBLISHED, _save="Enregistrer")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
