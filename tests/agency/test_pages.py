"""Site-wide sweeps over the demo content: every page renders, once, in French."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from articles.models import Article, Author
from influencers.models import Influencer, Platform

pytestmark = pytest.mark.django_db

FOUNDING_ARTICLE = "/articles/thomas-pesquet-influenceur-en-orbite/"


def public_urls():
    urls = ["/", "/influenceurs/", FOUNDING_ARTICLE]
    urls += [f"/influenceurs/{i.slug}/" for i in Influencer.objects.all()]
    urls += [p.get_absolute_url() for p in Platform.objects.all()]
    urls += [a.get_absolute_url() for a in Author.objects.all()]
    urls += [
        f"/tags/{slug}/" for slug in ("astronautes", "esa", "cnes", "influence", "reseaux-sociaux")
    ]
    return urls


def normalized(text):
    """Collapse the (narrow) non-breaking spaces of French number grouping."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def test_every_public_page_renders_with_one_h1(client, demo_data):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.content, "html.parser")
        assert len(soup.find_all("h1")) == 1, url
        assert soup.html["lang"] == "fr", url


def test_founding_article_prints_figures_in_french_format(client, demo_data):
    text = normalized(client.get(FOUNDING_ARTICLE).text)
    assert "1 500 000</strong> abonnés sur Facebook" in text
    assert "746 000" in text
    assert "512 000" in text
    assert "14 février 2019" in text


def test_influencer_page_shows_latest_count_in_french_format(client, demo_data):
    pesquet = Influencer.objects.get(slug="thomas-pesquet")
    latest = pesquet.accounts.get(platform__slug="facebook").snapshots.latest()
    text = normalized(client.get(pesquet.get_absolute_url()).text)
    grouped = f"{latest.followers:,}".replace(",", " ")
    assert grouped in text
    assert "Thomas Pesquet, l&#x27;influenceur venu de l&#x27;orbite" in text


def test_platform_ranking_orders_by_latest_count(client, demo_data):
    text = client.get("/plateformes/x/").text
    assert text.index("Samantha Cristoforetti") < text.index("Thomas Pesquet")


def test_unknown_pages_get_the_custom_404(client, db):
    for url in ("/articles/inconnu/", "/influenceurs/inconnu/", "/plateformes/inconnue/",
                "/auteurs/inconnu/", "/tags/inconnue/", "/nulle-part/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page introuvable" in response.text, url


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_load_demo_twice_leaves_the_same_data(db):
    def snapshot_of_data():
        from influencers.models import FollowerSnapshot

        return (
            list(Article.objects.values_list("slug", "status", "published_at", "body")),
            list(
                FollowerSnapshot.objects.order_by("pk").values_list(
                    "account_id", "recorded_on", "followers"
                )
            ),
            Influencer.objects.count(),
            Platform.objects.count(),
            sorted(Article.objects.get(slug=FOUNDING_ARTICLE.split("/")[2]).tags.names()),
        )

    call_command("load_demo", verbosity=0)
    first = snapshot_of_data()
    call_command("load_demo", verbosity=0)
    assert snapshot_of_data() == first


def test_founding_article_has_five_sections_and_its_tags(demo_data):
    article = Article.objects.get(slug="thomas-pesquet-influenceur-en-orbite")
    assert article.body.count("<h2>") == 5
    assert set(article.tags.names()) == {
        "astronautes",
        "ESA",
        "CNES",
        "influence",
        "réseaux sociaux",
    }
    assert article.cited_figures.count() == 3


def test_demo_history_marks_illustrative_points(demo_data):
    from influencers.models import FollowerSnapshot

    real = FollowerSnapshot.objects.exclude(source="illustrative")
    assert sorted(real.values_list("followers", flat=True)) == [512_000, 746_000, 1_500_000]
    assert FollowerSnapshot.objects.filter(source="illustrative").count() > 100


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
