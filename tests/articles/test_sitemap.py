"""The sitemap lists what readers may see, on SITE_URL; robots.txt points crawlers to it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Article, Series, SeriesPart
from tests import factories
from tests.factories import HIDDEN_STATES

pytestmark = pytest.mark.django_db

SITE_URL = "https://blog.example.org"
NAMESPACE = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def sitemap_entries(client):
    """{location: lastmod or None} read from the XML, as a crawler would."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NAMESPACE): url.findtext(
            "sm:lastmod", namespaces=NAMESPACE
        )
        for url in root.findall("sm:url", NAMESPACE)
    }


@pytest.fixture
def site():
    author = factories.make_author(slug="lea-martin")
    influencer = factories.make_influencer(slug="thomas-pesquet")
    platform = factories.make_platform(slug="instagram")
    article = factories.make_article(
        slug="en-orbite",
        tags=["astronautes"],
        published_at=timezone.now() - datetime.timedelta(days=10),
    )
    article.authors.add(author)
    article.influencers.add(influencer)
    return {"article": article, "platform": platform}


def test_sitemap_lists_public_pages_on_site_url(client, site):
    entries = sitemap_entries(client)

    for path in ("/", "/influenceurs/", "/articles/en-orbite/", "/tags/astronautes/",
                 "/auteurs/lea-martin/", "/influenceurs/thomas-pesquet/",
                 "/plateformes/instagram/"):  # fmt: skip
        assert f"{SITE_URL}{path}" in entries, path
    assert all(location.startswith(f"{SITE_URL}/") for location in entries)


def test_article_lastmod_is_its_last_change(client, site):
    entries = sitemap_entries(client)

    # The change is today's save, not the publication ten days ago.
    lastmod = entries[f"{SITE_URL}/articles/en-orbite/"]
    assert lastmod == timezone.localdate(site["article"].updated_at).isoformat()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_sitemap_never_lists_unpublished_articles_or_what_only_they_reveal(client, site, state):
    lonely_author = factories.make_author(slug="plume-cachee")
    hidden = factories.make_article(slug="brouillon", tags=["secret"], **state)
    hidden.authors.add(lonely_author)

    locations = set(sitemap_entries(client))

    assert f"{SITE_URL}/articles/brouillon/" not in locations
    assert f"{SITE_URL}/tags/secret/" not in locations
    assert f"{SITE_URL}/auteurs/plume-cachee/" not in locations
    assert f"{SITE_URL}/articles/en-orbite/" in locations


def test_sitemap_leaves_out_unpublished_influencers(client, site):
    factories.make_influencer(slug="en-preparation", is_published=False)

    locations = set(sitemap_entries(client))

    assert f"{SITE_URL}/influenceurs/en-preparation/" not in locations
    assert f"{SITE_URL}/influenceurs/thomas-pesquet/" in locations  # published: listed


def test_tag_lastmod_is_its_latest_public_article(client, site):
    latest = factories.make_article(
        tags=["astronautes"], published_at=timezone.now() - datetime.timedelta(days=2)
    )
    factories.make_article(status=Article.Status.DRAFT, tags=["astronautes"])

    lastmod = sitemap_entries(client)[f"{SITE_URL}/tags/astronautes/"]

    assert lastmod == timezone.localdate(latest.published_at).isoformat()


def test_sitemap_query_count_does_not_grow_with_content(client, django_assert_max_num_queries):
    """A count and a page per section: tags' and authors' dates come by annotation, not per item."""
    for number in range(20):
        article = factories.make_article(tags=[f"sujet-{number}"])
        article.authors.add(factories.make_author())
        factories.make_influencer()
        series = Series.objects.create(title=f"Série {number}", slug=f"serie-{number}")
        SeriesPart.objects.create(series=series, article=article, position=1)
    # The sitemap view reads the Site (django.contrib.sites) once per process.
    sitemap_entries(client)

    # Six sections that query: a count and a page each.
    with django_assert_max_num_queries(12):
        sitemap_entries(client)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
