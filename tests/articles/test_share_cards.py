"""The share card (og:image) of articles that cite follower figures."""

import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    account = factories.make_account()
    factories.make_history(account, days=60, start_followers=900_000, daily_gain=1_000)
    article = factories.make_article(slug="en-orbite", title="En orbite")
    article.cited_figures.create(account=account, cited_on=account.snapshots.latest().recorded_on)
    return article


def card(client, slug="en-orbite"):
    response = client.get(f"/articles/{slug}/carte.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return response


def test_article_citing_figures_has_a_card_as_og_image(client, article, settings):
    settings.SITE_URL = "https://blog.example.org"
    soup = BeautifulSoup(client.get("/articles/en-orbite/").content, "html.parser")
    assert soup.select_one('meta[property="og:image"]')["content"] == (
        "https://blog.example.org/articles/en-orbite/carte.png"
    )
    image = Image.open(io.BytesIO(card(client).content))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_article_card_is_redrawn_when_the_cited_account_gets_a_snapshot(client, article):
    first = card(client)
    assert card(client)["ETag"] == first["ETag"]
    account = article.cited_figures.get().account
    latest = account.snapshots.latest().recorded_on
    factories.make_snapshot(account, recorded_on=latest.replace(year=latest.year + 1))
    assert card(client)["ETag"] != first["ETag"]


def test_articles_without_figures_or_not_public_have_no_card(client, article):
    factories.make_article(slug="sans-chiffres")
    Article.objects.filter(slug="en-orbite").update(status=Article.Status.DRAFT)
    assert client.get("/articles/sans-chiffres/carte.png").status_code == 404
    assert client.get("/articles/en-orbite/carte.png").status_code == 404
    assert client.get("/articles/inconnu/carte.png").status_code == 404
