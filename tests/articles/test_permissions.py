"""Who may do what to articles, checked through the admin and by direct POSTs.

Rédacteurs write and submit their own articles, never publish nor touch
others'; Éditeurs do everything; the data team has no access to articles.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.articles.admin_forms import form_fields, submit

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def change_url(article):
    return f"{CHANGELIST}{article.pk}/change/"


@pytest.fixture
def own_draft(author_user):
    return factories.make_article(
        status=Article.Status.DRAFT, title="Mon brouillon", created_by=author_user
    )


@pytest.fixture
def colleagues_draft():
    return factories.make_article(status=Article.Status.DRAFT, title="Brouillon d'un collègue")


def test_author_lists_only_their_own_articles(client, author_user, own_draft, colleagues_draft):
    signed = factories.make_article(status=Article.Status.DRAFT, title="Cosigné")
    signed.authors.add(factories.make_author(user=author_user))
    client.force_login(author_user)
    page = client.get(CHANGELIST).text
    assert "Mon brouillon" in page
    assert "Cosigné" in page
    assert "collègue" not in page


def test_author_cannot_open_or_change_a_colleagues_article(client, author_user, colleagues_draft):
    client.force_login(author_user)
    assert client.get(change_url(colleagues_draft)).status_code == 302
    data = {"title": "Détourné", "slug": colleagues_draft.slug, "status": "draft"}
    client.post(change_url(colleagues_draft), data)
    colleagues_draft.refresh_from_db()
    assert colleagues_draft.title == "Brouillon d'un collègue"


def test_author_can_write_a_draft_and_submit_it_for_review(client, author_user):
    client.force_login(author_user)
    response = submit(
        client, f"{CHANGELIST}add/", title="Premier jet", slug="premier-jet", status="review"
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="premier-jet")
    assert article.status == Article.Status.REVIEW
    assert article.created_by == author_user
    assert not article.is_public


def test_author_form_offers_no_publication(client, author_user, own_draft):
    client.force_login(author_user)
    page = client.get(change_url(own_draft)).text
    assert 'value="published"' not in page
    assert 'name="published_at_0"' not in page
    assert "Publier les articles" not in client.get(CHANGELIST).text


def test_author_posting_published_status_does_not_publish(client, author_user, own_draft):
    client.force_login(author_user)
    response = submit(client, change_url(own_draft), status="published")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT


def test_author_posting_a_publication_date_is_ignored(client, author_user, own_draft):
    client.force_login(author_user)
    data = form_fields(client.get(change_url(own_draft)))
    data.update(published_at_0="01/01/2020", published_at_1="10:00:00", is_featured="on")
    assert client.post(change_url(own_draft), data).status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.published_at is None
    assert not own_draft.is_featured


def test_author_cannot_publish_with_the_action(client, author_user, own_draft):
    client.force_login(author_user)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [own_draft.pk]})
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT


def test_author_cannot_change_their_article_once_published(client, author_user):
    published = factories.make_article(created_by=author_user)
    client.force_login(author_user)
    page = client.get(change_url(published))
    assert page.status_code == 200
    assert 'name="title"' not in page.text
    assert 'name="embeds-__prefix__-url"' not in page.text, "inlines are read-only too"
    assert 'name="images-__prefix__-image"' not in page.text
    client.post(change_url(published), {"title": "Changé", "slug": published.slug})
    published.refresh_from_db()
    assert published.title != "Changé"


def test_author_cannot_delete(client, author_user, own_draft):
    client.force_login(author_user)
    assert client.post(f"{CHANGELIST}{own_draft.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=own_draft.pk).exists()


def test_author_cannot_restore_a_revision(client, author_user, own_draft):
    own_draft.title = "Deuxième version"
    own_draft.save()
    first = own_draft.history.earliest()
    client.force_login(author_user)
    url = f"{CHANGELIST}{own_draft.pk}/history/{first.history_id}/"
    assert client.post(url, form_fields(client.get(url))).status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.title == "Deuxième version"


def test_author_cannot_read_a_colleagues_history(client, author_user, colleagues_draft):
    client.force_login(author_user)
    assert client.get(f"{CHANGELIST}{colleagues_draft.pk}/history/").status_code == 403
    assert client.get(f"{CHANGELIST}{colleagues_draft.pk}/history/compare/").status_code == 404


def test_editor_can_publish_and_schedule_any_article(client, editor_user, colleagues_draft):
    client.force_login(editor_user)
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    response = submit(
        client,
        change_url(colleagues_draft),
        status="published",
        published_at_0=tomorrow.strftime("%d/%m/%Y"),
        published_at_1=tomorrow.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    colleagues_draft.refresh_from_db()
    assert colleagues_draft.is_scheduled


def test_editor_can_delete(client, editor_user, colleagues_draft):
    client.force_login(editor_user)
    client.post(f"{CHANGELIST}{colleagues_draft.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=colleagues_draft.pk).exists()


def test_data_staff_cannot_reach_articles(client, data_user, colleagues_draft):
    client.force_login(data_user)
    for url in (CHANGELIST, f"{CHANGELIST}add/", change_url(colleagues_draft),
                f"{CHANGELIST}{colleagues_draft.pk}/history/",
                f"{CHANGELIST}{colleagues_draft.pk}/history/compare/"):  # fmt: skip
        assert client.get(url).status_code == 403, url
    client.post(change_url(colleagues_draft), {"title": "Piraté", "slug": "pirate"})
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [colleagues_draft.pk]})
    colleagues_draft.refresh_from_db()
    assert colleagues_draft.title == "Brouillon d'un collègue"
    assert colleagues_draft.status == Article.Status.DRAFT
