"""Share links: a draft shown to someone without an account, for as long as the editors allow."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, ShareLink
from tests import factories
from tests.articles.admin_forms import form_fields

pytestmark = pytest.mark.django_db

TITLE = "Pesquet, le making-of"


@pytest.fixture
def draft(author_user):
    return factories.make_article(
        status=Article.Status.DRAFT,
        title=TITLE,
        body="<h2>Coulisses</h2><p>Texte encore secret.</p>",
        created_by=author_user,
    )


@pytest.fixture
def link(draft, editor_user):
    return ShareLink.objects.create(article=draft, created_by=editor_user)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_holder_without_account_sees_the_draft_as_readers_will(client, link):
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert f"<h1>{TITLE}</h1>" in response.text
    assert "<h2>Coulisses</h2><p>Texte encore secret.</p>" in response.text
    assert "<strong>Aperçu</strong>" in response.text
    assert "Revenir à l'édition" not in response.text


def test_shared_draft_is_never_indexed_nor_cached(client, link):
    response = client.get(link.get_absolute_url())
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # The token is the key to the draft: it must not travel to linked sites.
    assert response["Referrer-Policy"] == "no-referrer"


def test_page_cache_never_stores_a_shared_draft(client, settings, link):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get(link.get_absolute_url())
    second = client.get(link.get_absolute_url())
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    link.is_revoked = True
    link.save()
    assert client.get(link.get_absolute_url()).status_code == 410


def test_revoked_link_explains_itself_in_french(client, link):
    link.is_revoked = True
    link.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "Ce lien d'aperçu a été retiré" in response.text
    assert TITLE not in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_expired_link_explains_itself_in_french(client, link):
    ShareLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "Ce lien d'aperçu a expiré" in response.text
    assert TITLE not in response.text


def test_unknown_token_is_a_clear_not_found_page(client, link):
    response = client.get(f"/apercu/{link.token[:-1]}x/")
    assert response.status_code == 404
    assert "Ce lien d'aperçu n'existe pas" in response.text


def test_each_link_of_an_article_answers_for_itself(client, link, draft):
    revoked = ShareLink.objects.create(article=draft, is_revoked=True)
    later = ShareLink.objects.create(article=draft)
    assert client.get(revoked.get_absolute_url()).status_code == 410
    assert client.get(link.get_absolute_url()).status_code == 200
    assert client.get(later.get_absolute_url()).status_code == 200


def test_tokens_are_long_and_unique(draft):
    first = ShareLink.objects.create(article=draft)
    second = ShareLink.objects.create(article=draft)
    assert len(first.token) >= 40
    assert first.token != second.token


def test_link_leads_to_the_article_once_it_is_published(client, link, draft):
    draft.status = Article.Status.PUBLISHED
    draft.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_shared_draft_stays_out_of_feeds_sitemap_and_search(client, link, draft):
    client.get(link.get_absolute_url())
    for url in ("/feed/", "/sitemap.xml", "/recherche/?q=coulisses"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert draft.slug not in response.text, url
        assert link.token not in response.text, url


# Creating and revoking links in the admin, by direct POST -----------------------------


def post_new_link(client, article, form_client=None, **extra):
    """POST the article's change form with one new share link, as the admin's button adds it."""
    data = form_fields((form_client or client).get(change_url(article)))
    expires = timezone.localtime() + datetime.timedelta(days=3)
    data.update(
        {
            "share_links-TOTAL_FORMS": "1",
            "share_links-0-expires_at_0": expires.strftime("%d/%m/%Y"),
            "share_links-0-expires_at_1": expires.strftime("%H:%M:%S"),
            **extra,
        }
    )
    return client.post(change_url(article), data)


def test_author_shares_their_own_draft(client, author_user, draft):
    client.force_login(author_user)
    response = post_new_link(client, draft)
    assert response.status_code == 302
    link = ShareLink.objects.get(article=draft)
    assert link.created_by == author_user
    assert link.is_active
    page = client.get(change_url(draft)).text
    assert link.get_absolute_url() in page


def test_author_cannot_share_a_colleagues_draft(client, author_user, editor_user):
    colleagues = factories.make_article(status=Article.Status.DRAFT)
    editor_client = Client()
    editor_client.force_login(editor_user)
    client.force_login(author_user)
    post_new_link(client, colleagues, form_client=editor_client)
    assert not ShareLink.objects.exists()


def test_author_cannot_share_once_their_article_is_in_an_editors_hands(
    client, author_user, editor_user, draft
):
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() + datetime.timedelta(days=2)
    draft.save()
    editor_client = Client()
    editor_client.force_login(editor_user)
    client.force_login(author_user)
    response = post_new_link(client, draft, form_client=editor_client)
    assert response.status_code == 403
    assert not ShareLink.objects.exists()


def test_editor_shares_any_unpublished_article(client, editor_user, draft):
    client.force_login(editor_user)
    assert post_new_link(client, draft).status_code == 302
    assert ShareLink.objects.get(article=draft).created_by == editor_user


def test_a_published_article_gets_no_share_link(client, editor_user):
    article = factories.make_article(title="Déjà en ligne")
    client.force_login(editor_user)
    response = post_new_link(client, article)
    assert response.status_code == 200
    assert "partagez plutôt son adresse publique" in response.text
    assert not ShareLink.objects.exists()


def test_an_expiry_in_the_past_is_refused(client, editor_user, draft):
    client.force_login(editor_user)
    response = post_new_link(
        client,
        draft,
        **{"share_links-0-expires_at_0": "01/01/2020", "share_links-0-expires_at_1": "10:00:00"},
    )
    assert response.status_code == 200
    assert "Choisissez une date d&#x27;expiration à venir." in response.text
    assert not ShareLink.objects.exists()


def test_a_link_lasts_ninety_days_at_most(client, editor_user, draft):
    client.force_login(editor_user)
    too_late = timezone.localtime() + datetime.timedelta(days=91)
    response = post_new_link(
        client, draft, **{"share_links-0-expires_at_0": too_late.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 200
    assert "Un lien de partage dure au plus 90 jours." in response.text
    assert not ShareLink.objects.exists()


def test_editor_revokes_a_link(client, editor_user, link):
    client.force_login(editor_user)
    data = form_fields(client.get(change_url(link.article)))
    data["share_links-0-is_revoked"] = "on"
    assert client.post(change_url(link.article), data).status_code == 302
    link.refresh_from_db()
    assert link.is_revoked and link.revoked_at is not None
    assert Client().get(link.get_absolute_url()).status_code == 410


def test_data_staff_cannot_share(client, data_user, editor_user, draft):
    editor_client = Client()
    editor_client.force_login(editor_user)
    client.force_login(data_user)
    assert post_new_link(client, draft, form_client=editor_client).status_code == 403
    assert not ShareLink.objects.exists()


def test_editor_restores_a_revoked_link_and_revoking_keeps_its_first_time(
    client, editor_user, link
):
    link.is_revoked = True
    link.save()
    first_time = link.revoked_at
    link.is_revoked = True
    link.save()
    link.refresh_from_db()
    assert link.revoked_at == first_time

    client.force_login(editor_user)
    data = form_fields(client.get(change_url(link.article)))
    assert data["share_links-0-is_revoked"] == "on"
    del data["share_links-0-is_revoked"]
    assert client.post(change_url(link.article), data).status_code == 302
    link.refresh_from_db()
    assert not link.is_revoked and link.revoked_at is None
    assert Client().get(link.get_absolute_url()).status_code == 200
