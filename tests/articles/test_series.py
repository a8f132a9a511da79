"""Series: an ordered set of articles, its own page, and « partie 2 sur 4 » on each part."""

import pytest
from django.contrib.redirects.models import Redirect

from articles.models import Article, Series, SeriesPart
from tests import factories
from tests.articles.admin_forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return Series.objects.create(
        title="Les astronautes en ligne", slug="astronautes-en-ligne", description="Quatre volets."
    )


def add_part(series, position, **fields):
    article = factories.make_article(**fields)
    SeriesPart.objects.create(series=series, article=article, position=position)
    return article


@pytest.fixture
def parts(series):
    """Four parts, in an order unrelated to their publication dates; the third is a draft."""
    return [
        add_part(series, 10, title="Le décollage", slug="decollage"),
        add_part(series, 20, title="L'orbite", slug="orbite"),
        add_part(series, 25, title="En coulisses", slug="coulisses", status=Article.Status.DRAFT),
        add_part(series, 30, title="Le retour", slug="retour"),
    ]


def test_series_page_lists_its_published_parts_in_order(client, series, parts):
    response = client.get("/series/astronautes-en-ligne/")
    assert response.status_code == 200
    page = response.text
    assert '<h1 class="page-title">Série : Les astronautes en ligne</h1>' in page
    assert page.index("Le décollage") < page.index("L&#x27;orbite") < page.index("Le retour")
    assert "En coulisses" not in page
    assert "3 parties" in page


def test_series_without_published_article_is_a_404(client, series):
    add_part(series, 1, status=Article.Status.DRAFT)
    assert client.get("/series/astronautes-en-ligne/").status_code == 404
    assert client.get("/series/inconnue/").status_code == 404


def test_part_says_where_it_stands_and_links_its_neighbours(client, parts):
    page = client.get("/articles/orbite/").text
    assert "Partie 2 sur 3" in page
    assert 'rel="prev" href="/articles/decollage/"' in page
    assert 'rel="next" href="/articles/retour/"' in page
    assert 'href="/series/astronautes-en-ligne/"' in page
    assert "coulisses" not in page


def test_first_and_last_parts_have_one_neighbour(client, parts):
    first = client.get("/articles/decollage/").text
    last = client.get("/articles/retour/").text
    assert "Partie 1 sur 3" in first and 'rel="prev"' not in first and 'rel="next"' in first
    assert "Partie 3 sur 3" in last and 'rel="next"' not in last and 'rel="prev"' in last


def test_draft_part_previews_in_its_future_place(client, editor_user, parts):
    client.force_login(editor_user)
    page = client.get("/articles/coulisses/apercu/").text
    assert "Partie 3 sur 4" in page
    assert 'rel="prev" href="/articles/orbite/"' in page
    assert 'rel="next" href="/articles/retour/"' in page


def test_article_outside_a_series_shows_no_series(client, parts):
    article = factories.make_article()
    page = client.get(article.get_absolute_url()).text
    assert "series-nav" not in page
    assert "Partie" not in page


def test_renamed_series_redirects(client, series, parts):
    series.slug = "en-ligne"
    series.save()
    response = client.get("/series/astronautes-en-ligne/")
    assert (response.status_code, response["Location"]) == (301, "/series/en-ligne/")
    assert Redirect.objects.count() == 1


def test_editor_builds_a_series_in_the_admin(client, editor_user):
    first = factories.make_article(slug="premier")
    second = factories.make_article(slug="second")
    client.force_login(editor_user)
    data = form_fields(client.get("/admin/articles/series/add/"))
    data.update(
        {
            "title": "Deux temps",
            "slug": "deux-temps",
            "parts-TOTAL_FORMS": "2",
            "parts-0-position": "2",
            "parts-0-article": str(first.pk),
            "parts-1-position": "1",
            "parts-1-article": str(second.pk),
        }
    )
    assert client.post("/admin/articles/series/add/", data).status_code == 302
    page = client.get("/series/deux-temps/").text
    assert page.index("/articles/second/") < page.index("/articles/premier/")


def test_two_parts_at_the_same_place_are_refused(client, editor_user, series):
    first = factories.make_article()
    second = factories.make_article()
    client.force_login(editor_user)
    data = form_fields(client.get(f"/admin/articles/series/{series.pk}/change/"))
    data.update(
        {
            "parts-TOTAL_FORMS": "2",
            "parts-0-position": "1",
            "parts-0-article": str(first.pk),
            "parts-1-position": "1",
            "parts-1-article": str(second.pk),
        }
    )
    response = client.post(f"/admin/articles/series/{series.pk}/change/", data)
    assert response.status_code == 200
    assert not SeriesPart.objects.exists()


@pytest.mark.parametrize("role", ["author_user", "data_user"])
def test_only_editors_manage_series(client, request, role):
    client.force_login(request.getfixturevalue(role))
    data = {"title": "Pirate", "slug": "pirate", "parts-TOTAL_FORMS": "0",
            "parts-INITIAL_FORM_COUNT": "0"}  # fmt: skip
    assert client.post("/admin/articles/series/add/", data).status_code == 403
    assert not Series.objects.exists()


def test_sitemap_lists_series_readers_can_open(client, series, parts):
    hidden = Series.objects.create(title="En préparation", slug="en-preparation")
    add_part(hidden, 1, status=Article.Status.DRAFT)
    sitemap = client.get("/sitemap.xml").text
    assert "/series/astronautes-en-ligne/</loc>" in sitemap
    assert "en-preparation" not in sitemap
