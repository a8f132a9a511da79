"""Embeddable SVG charts and share cards (og:image) for other sites."""

import io
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from influencers import share_cards
from influencers.share_cards import CARD_HEIGHT, CARD_WIDTH
from tests import factories

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def account():
    platform = factories.make_platform(slug="instagram", name="Instagram", color="#c13584")
    influencer = factories.make_influencer(slug="thomas-pesquet", name="Thomas <Pesquet>")
    account = factories.make_account(influencer=influencer, platform=platform)
    factories.make_history(account, days=120, start_followers=40_000, daily_gain=50)
    return account


def test_chart_embed_is_a_scriptless_svg_with_cache_headers(client, account):
    response = client.get("/influenceurs/thomas-pesquet/instagram.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    body = response.content.decode()
    assert "<script" not in body.lower() and " on" not in body.split("<svg", 1)[1].split(">")[0]
    root = ElementTree.fromstring(response.content)  # well-formed XML, markup escaped
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Abonnés Instagram de Thomas <Pesquet>"
    assert "Projection en pointillés" in root.find(f"{SVG}desc").text
    assert root.findall(f".//{SVG}path[@stroke='#c13584']")


@pytest.mark.parametrize(
    "url",
    [
        "/influenceurs/thomas-pesquet/facebook.svg",  # no account there
        "/influenceurs/inconnu/instagram.svg",
        "/influenceurs/cache/instagram.svg",
        "/influenceurs/inactif/instagram.svg",
        "/influenceurs/vide/instagram.svg",  # an account with nothing recorded
    ],
)
def test_chart_embed_is_404_unless_public_with_figures(client, account, url):
    factories.make_platform(slug="facebook")
    hidden = factories.make_influencer(slug="cache", is_published=False)
    factories.make_history(factories.make_account(influencer=hidden, platform=account.platform), 3)
    idle = factories.make_influencer(slug="inactif")
    idle_account = factories.make_account(
        influencer=idle, platform=account.platform, is_active=False
    )
    factories.make_history(idle_account, 3)
    factories.make_account(
        influencer=factories.make_influencer(slug="vide"), platform=account.platform
    )
    assert client.get(url).status_code == 404


def card_of(client, slug="thomas-pesquet"):
    response = client.get(f"/influenceurs/{slug}/carte.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return response


def test_share_card_is_a_png_of_the_expected_size(client, account):
    response = card_of(client)
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (CARD_WIDTH, CARD_HEIGHT) == (1200, 630)
    assert "max-age=3600" in response["Cache-Control"]


def test_share_card_is_cached_then_redrawn_after_a_new_snapshot(
    client, account, django_assert_num_queries
):
    first = card_of(client)
    with django_assert_num_queries(3):  # influencer, accounts, snapshot summary: no drawing
        again = card_of(client)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    latest = account.snapshots.latest()
    factories.make_snapshot(
        account, recorded_on=latest.recorded_on.replace(year=latest.recorded_on.year + 1),
        followers=2_000_000,
    )  # fmt: skip
    redrawn = card_of(client)
    assert redrawn["ETag"] != first["ETag"]
    assert redrawn.content != first.content


def test_share_card_is_redrawn_after_a_correction(client, account):
    first = card_of(client)
    snapshot = account.snapshots.latest()
    snapshot.followers += 1_000_000
    snapshot.save()
    assert card_of(client)["ETag"] != first["ETag"]


def test_share_card_of_unpublished_or_unknown_influencer_is_404(client, db):
    factories.make_influencer(slug="cache", is_published=False)
    assert client.get("/influenceurs/cache/carte.png").status_code == 404
    assert client.get("/influenceurs/inconnu/carte.png").status_code == 404


def test_influencer_page_announces_its_share_card(client, account, settings):
    settings.SITE_URL = "https://blog.example.org"
    soup = BeautifulSoup(client.get("/influenceurs/thomas-pesquet/").content, "html.parser")
    card = soup.select_one('meta[property="og:image"]')["content"]
    assert card == "https://blog.example.org/influenceurs/thomas-pesquet/carte.png"
    embed = soup.select_one('a[href$="instagram.svg"]')
    assert embed is not None


def test_card_text_falls_back_to_plain_letters_without_a_font_file(monkeypatch):
    monkeypatch.setattr(share_cards, "FONT_FILES", ("/nulle/part.ttf",))
    share_cards.font_file.cache_clear()
    share_cards.font.cache_clear()
    try:
        assert share_cards.drawable("Relevé du 1 décembre : 1\u202f500\u00a0000") == (
            "Releve du 1 decembre : 1 500 000"
        )
        png = share_cards.render_card("Élodie", "Spationaute", [], [])
        assert Image.open(io.BytesIO(png)).size == (CARD_WIDTH, CARD_HEIGHT)
    finally:
        share_cards.font_file.cache_clear()
        share_cards.font.cache_clear()


def test_share_card_of_an_influencer_without_figures_still_draws(client, db):
    factories.make_influencer(slug="sans-chiffres", headline="Nouvelle venue")
    image = Image.open(io.BytesIO(card_of(client, "sans-chiffres").content))
    assert image.size == (CARD_WIDTH, CARD_HEIGHT)
