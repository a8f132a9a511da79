"""Social posts embedded by URL: a card with a link, nothing loaded from the networks."""

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from articles.embeds import EmbedProvider, provider_for_url
from articles.models import Article, Embed
from tests import factories
from tests.articles.admin_forms import form_fields

pytestmark = pytest.mark.django_db

POST_URL = "https://www.facebook.com/ThomasPesquet/posts/10156940845997424"


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        (POST_URL, EmbedProvider.FACEBOOK),
        ("https://x.com/Thom_astro/status/1096000000000000000", EmbedProvider.X),
        ("https://twitter.com/Thom_astro/status/1", EmbedProvider.X),
        ("https://www.instagram.com/p/BtzAbCdEfGh/", EmbedProvider.INSTAGRAM),
        ("https://www.youtube.com/watch?v=abcdefghijk", EmbedProvider.YOUTUBE),
        ("https://youtu.be/abcdefghijk", EmbedProvider.YOUTUBE),
        (
            "https://www.linkedin.com/pulse/il-ny-pas-de-parcours-thomas-pesquet",
            EmbedProvider.LINKEDIN,
        ),
    ],
)
def test_known_networks_are_recognised(url, provider):
    assert provider_for_url(url) == provider


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/facebook.com/post",
        "https://facebook.com.evil.example/post",
        "http://www.facebook.com/ThomasPesquet/posts/1",
        "javascript:alert(1)//facebook.com/x",
        "https://www.facebook.com/",
    ],
)
def test_other_addresses_are_refused(url):
    with pytest.raises(ValidationError, match="Adresse non reconnue"):
        provider_for_url(url)


def test_admin_refuses_an_unknown_host_with_a_message(client, editor_user):
    article = factories.make_article(status=Article.Status.DRAFT)
    client.force_login(editor_user)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_fields(client.get(url))
    data.update({"embeds-TOTAL_FORMS": "1", "embeds-0-url": "https://tracker.example/post/1",
                 "embeds-0-position": "0"})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Adresse non reconnue" in unescape(response.text)
    assert not Embed.objects.exists()


@pytest.fixture
def article_with_embed():
    article = factories.make_article(
        body=f'<h2>Avant</h2><p><a href="{POST_URL}">{POST_URL}</a></p><h2>Après</h2>'
    )
    article.embeds.create(
        url=POST_URL, account_name="Thomas Pesquet", quote="Prenez soin de la planète."
    )
    return article


def test_embed_is_a_card_in_place_of_its_link_paragraph(client, article_with_embed):
    page = client.get(article_with_embed.get_absolute_url()).text
    prose = BeautifulSoup(page, "html.parser").select_one(".prose")
    card = prose.select_one("figure.embed--facebook")
    assert card.find_previous("h2").text == "Avant"
    assert card.find_next("h2").text == "Après"
    assert "Prenez soin de la planète." in card.select_one(".embed__text").text
    link = card.select_one("a.embed__link")
    assert link["href"] == POST_URL
    assert link.text == "Voir la publication sur Facebook"


def test_embed_page_loads_nothing_from_the_networks(client, article_with_embed):
    soup = BeautifulSoup(client.get(article_with_embed.get_absolute_url()).text, "html.parser")
    assert not soup.find_all(["iframe", "object", "embed"])
    for script in soup.find_all("script"):
        assert script.get("type") == "application/ld+json" or script["src"].startswith("/")
    for element in soup.find_all(src=True):
        assert element["src"].startswith("/"), element


def test_embed_not_placed_in_the_text_follows_it(client):
    article = factories.make_article(body="<p>Le texte.</p>")
    article.embeds.create(url="https://youtu.be/abcdefghijk", account_name="ESA")
    prose = BeautifulSoup(client.get(article.get_absolute_url()).text, "html.parser").select_one(
        ".prose"
    )
    assert prose.p.text == "Le texte."
    assert prose.select_one("figure.embed--youtube")


def test_founding_article_shows_its_facebook_post_and_illustration(client, demo_data):
    page = client.get("/articles/thomas-pesquet-influenceur-en-orbite/").text
    prose = BeautifulSoup(page, "html.parser").select_one(".prose")
    card = prose.select_one("figure.embed--facebook")
    assert card.find_previous("h2").text == "Un calendrier éditorial préparé au sol"
    assert card.time["datetime"] == "2019-02-14"
    figure = prose.select_one("figure picture").parent
    assert figure.figcaption.text.startswith("Vue d'artiste")
    assert figure.img["alt"].startswith("Le bord bleuté de la Terre")
