import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.factories import HIDDEN_STATES

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_context():
    author = factories.make_author()
    influencer = factories.make_influencer()
    visible = factories.make_article(title="Visible par tous", tags=["espace"])
    visible.authors.add(author)
    visible.influencers.add(influencer)
    return {"author": author, "influencer": influencer}


def listing_urls(context):
    return [
        "/",
        "/tags/espace/",
        f"/auteurs/{context['author'].slug}/",
        f"/influenceurs/{context['influencer'].slug}/",
    ]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_article_is_404_and_absent_from_every_list(client, public_context, state):
    hidden = factories.make_article(title="Article caché", tags=["espace"], **state)
    hidden.authors.add(public_context["author"])
    hidden.influencers.add(public_context["influencer"])

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in listing_urls(public_context):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Visible par tous" in response.text, url
        assert "Article caché" not in response.text, url


def test_scheduled_article_appears_by_itself_once_its_time_passes(client):
    publication = timezone.now() + datetime.timedelta(hours=3)
    article = factories.make_article(published_at=publication, title="Programmé")

    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(publication + datetime.timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Programmé" in client.get("/").text


def test_tag_carried_only_by_drafts_is_404(client):
    factories.make_article(status=Article.Status.DRAFT, tags=["secret"])
    assert client.get("/tags/secret/").status_code == 404


def test_unpublished_influencer_is_404(client):
    influencer = factories.make_influencer(is_published=False)
    assert client.get(influencer.get_absolute_url()).status_code == 404


def test_publishing_without_a_date_publishes_now():
    article = factories.make_article(status=Article.Status.DRAFT)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_an_unknown_tag_and_a_page_past_the_last_are_404(client):
    factories.make_article(tags=["espace"])
    assert client.get("/tags/nulle-part/").status_code == 404
    assert client.get("/tags/espace/").status_code == 200
    assert client.get("/tags/espace/?page=2").status_code == 404
