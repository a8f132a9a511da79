"""Draft preview: the article page as readers will see it, only for the staff allowed to edit it."""

import pytest

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(author_user):
    return factories.make_article(
        status=Article.Status.DRAFT,
        title="Brouillon en cours",
        body="<h2>Une section</h2><p>Texte pas encore publié.</p>",
        created_by=author_user,
    )


def preview_url(article):
    return f"/articles/{article.slug}/apercu/"


def test_anonymous_reader_cannot_preview(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["editor_user", "author_user"])
def test_editor_and_owner_see_the_draft_as_readers_will(client, request, draft, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    assert "<h1>Brouillon en cours</h1>" in response.text
    assert "<h2>Une section</h2><p>Texte pas encore publié.</p>" in response.text
    assert "Aperçu : brouillon, invisible des lecteurs" in response.text


def test_preview_is_never_cached_nor_indexed(client, editor_user, draft):
    client.force_login(editor_user)
    response = client.get(preview_url(draft))
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_author_cannot_preview_a_colleagues_draft(client, author_user):
    other = factories.make_article(status=Article.Status.DRAFT)
    client.force_login(author_user)
    assert client.get(preview_url(other)).status_code == 404


def test_data_staff_cannot_preview(client, data_user, draft):
    client.force_login(data_user)
    assert client.get(preview_url(draft)).status_code == 404


def test_admin_form_links_to_the_preview(client, editor_user, draft):
    client.force_login(editor_user)
    page = client.get(f"/admin/articles/article/{draft.pk}/change/").text
    assert f'href="{preview_url(draft)}"' in page
