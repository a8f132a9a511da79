"""Draft → in review → published (now or scheduled) → unpublished, and related reading."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def run_action(client, action, *articles):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [article.pk for article in articles]}
    )


def test_draft_goes_through_review_to_publication(client, author_user, editor_user):
    draft = factories.make_article(status=Article.Status.DRAFT, created_by=author_user)
    client.force_login(author_user)
    run_action(client, "submit_for_review", draft)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(editor_user)
    run_action(client, "publish", draft)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_changelist_tells_scheduled_articles_apart(client, editor_user):
    factories.make_article(
        title="Pour demain", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(editor_user)
    assert "programmé" in client.get(CHANGELIST).text


def test_scheduled_article_keeps_its_date_when_published_by_action(client, editor_user):
    later = timezone.now() + datetime.timedelta(days=3)
    article = factories.make_article(status=Article.Status.REVIEW, published_at=later)
    client.force_login(editor_user)
    run_action(client, "publish", article)
    article.refresh_from_db()
    assert article.published_at == later
    assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(later + datetime.timedelta(seconds=1)):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_unpublish_takes_an_article_off_the_site(client, editor_user):
    article = factories.make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    client.force_login(editor_user)
    run_action(client, "unpublish", article)
    client.logout()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.history.count() == 2, "unpublishing is kept as a revision"


def test_article_page_shows_related_articles_by_shared_tags_and_influencers(client):
    influencer = factories.make_influencer()
    article = factories.make_article(tags=["espace", "esa"])
    article.influencers.add(influencer)
    closest = factories.make_article(title="Même sujet, même personne", tags=["espace"])
    closest.influencers.add(influencer)
    factories.make_article(title="Même étiquette", tags=["esa"])
    factories.make_article(title="Rien à voir", tags=["cuisine"])
    factories.make_article(title="Brouillon lié", tags=["espace"], status=Article.Status.DRAFT)

    page = client.get(article.get_absolute_url()).text
    related = page[page.index("À lire aussi") :]

    assert related.index("Même sujet, même personne") < related.index("Même étiquette")
    assert "Rien à voir" not in related
    assert "Brouillon lié" not in related


def test_related_articles_show_on_an_article_that_cites_no_influencer(client):
    """An empty influencer list once short-circuited the whole related query to nothing."""
    article = factories.make_article(tags=["espace"])
    factories.make_article(title="Même étiquette", tags=["espace"])
    factories.make_article(title="Rien à voir", tags=["cuisine"])

    page = client.get(article.get_absolute_url()).text

    assert "À lire aussi" in page
    related = page[page.index("À lire aussi") :]
    assert "Même étiquette" in related
    assert "Rien à voir" not in related


def test_related_articles_by_influencer_alone(client):
    influencer = factories.make_influencer()
    article = factories.make_article()
    article.influencers.add(influencer)
    other = factories.make_article(title="Même personne", tags=["cuisine"])
    other.influencers.add(influencer)

    page = client.get(article.get_absolute_url()).text

    assert "Même personne" in page[page.index("À lire aussi") :]


def test_reading_time_is_shown(client):
    article = factories.make_article(body="<p>" + "mot " * 660 + "</p>")
    assert "3 min de lecture" in client.get(article.get_absolute_url()).text
