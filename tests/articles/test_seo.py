"""What search engines and social networks read in the <head>: titles, canonical, cards, JSON-LD."""

import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests import factories

pytestmark = pytest.mark.django_db

SITE_URL = "https://blog.example.org"
HOSTILE_TITLE = 'Le "spationaute" </script><script>alert(1)</script> & <b>gras</b>'


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def meta(soup, key):
    """Content of <meta property=key> or <meta name=key>; each must appear exactly once."""
    tags = soup.find_all("meta", attrs={"property": key}) or soup.find_all(
        "meta", attrs={"name": key}
    )
    assert len(tags) == 1, key
    return tags[0]["content"]


def json_ld(soup):
    """Every JSON-LD block of the page, parsed, by @type."""
    blocks = [
        json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")
    ]
    return {block["@type"]: block for block in blocks}


@pytest.fixture
def article():
    author = factories.make_author(name="Léa Martin", slug="lea-martin", bio="Analyste.")
    influencer = factories.make_influencer(
        name="Thomas Pesquet", slug="thomas-pesquet", headline="Spationaute"
    )
    article = factories.make_article(
        title="Thomas Pesquet, influenceur en orbite",
        slug="en-orbite",
        standfirst="Comment un spationaute a conquis les réseaux sociaux.",
        tags=["astronautes"],
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    article.authors.add(author)
    article.influencers.add(influencer)
    return article


def test_article_page_has_canonical_and_social_cards(client, article):
    soup = head_of(client, "/articles/en-orbite/")

    canonical = f"{SITE_URL}/articles/en-orbite/"
    assert soup.find("link", rel="canonical")["href"] == canonical
    assert meta(soup, "og:url") == canonical
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:title") == "Thomas Pesquet, influenceur en orbite"
    assert meta(soup, "twitter:card") == "summary"
    assert meta(soup, "article:author") == f"{SITE_URL}/auteurs/lea-martin/"
    assert meta(soup, "article:tag") == "astronautes"
    published = datetime.datetime.fromisoformat(meta(soup, "article:published_time"))
    assert published == article.published_at


def test_description_defaults_to_the_standfirst_and_seo_fields_win(client, article):
    soup = head_of(client, "/articles/en-orbite/")
    assert meta(soup, "description") == "Comment un spationaute a conquis les réseaux sociaux."
    assert meta(soup, "og:description") == meta(soup, "description")

    article.seo_title = "Pesquet, 1,5 million d'abonnés"
    article.seo_description = "L'analyse de l'agence."
    article.save()

    soup = head_of(client, "/articles/en-orbite/")
    assert soup.title.string.startswith("Pesquet, 1,5 million d'abonnés")
    assert meta(soup, "og:title") == "Pesquet, 1,5 million d'abonnés"
    assert meta(soup, "twitter:description") == "L'analyse de l'agence."


def test_article_json_ld_names_authors_dates_and_breadcrumbs(client, article):
    data = json_ld(head_of(client, "/articles/en-orbite/"))

    article_data = data["Article"]
    assert article_data["@context"] == "https://schema.org"
    assert article_data["headline"] == "Thomas Pesquet, influenceur en orbite"
    assert article_data["mainEntityOfPage"] == f"{SITE_URL}/articles/en-orbite/"
    assert article_data["author"] == [
        {
            "@type": "Person",
            "name": "Léa Martin",
            "url": f"{SITE_URL}/auteurs/lea-martin/",
            "description": "Analyste.",
            "worksFor": {
                "@type": "Organization",
                "name": "L'agence Armstrong",
                "url": f"{SITE_URL}/",
            },
        }
    ]
    published = datetime.datetime.fromisoformat(article_data["datePublished"])
    assert abs(published - article.published_at) < datetime.timedelta(milliseconds=1)
    assert article_data["about"][0]["name"] == "Thomas Pesquet"
    assert [item["item"] for item in data["BreadcrumbList"]["itemListElement"]] == [
        f"{SITE_URL}/",
        f"{SITE_URL}/articles/en-orbite/",
    ]


def test_cover_image_is_in_cards_and_json_ld(client, article):
    picture = io.BytesIO()
    Image.new("RGB", (32, 18), "navy").save(picture, "JPEG")
    article.cover.save("terre.jpg", ContentFile(picture.getvalue()), save=False)
    article.cover_alt = "La Terre vue de la station"
    article.save()

    soup = head_of(client, "/articles/en-orbite/")

    image = f"{SITE_URL}{article.cover.url}"
    assert image.startswith(f"{SITE_URL}/media/covers/")
    assert meta(soup, "og:image") == image
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image:alt") == "La Terre vue de la station"
    assert json_ld(soup)["Article"]["image"] == [image]


def test_influencer_page_describes_a_person_with_their_profiles(client, db):
    influencer = factories.make_influencer(
        name="Thomas Pesquet",
        slug="thomas-pesquet",
        headline="Spationaute",
        affiliations="ESA, CNES",
    )
    platform = factories.make_platform(profile_url_pattern="https://www.instagram.com/{handle}/")
    factories.make_account(influencer=influencer, platform=platform, handle="thom_astro")

    soup = head_of(client, "/influenceurs/thomas-pesquet/")

    assert soup.find("link", rel="canonical")["href"] == f"{SITE_URL}/influenceurs/thomas-pesquet/"
    assert meta(soup, "og:type") == "profile"
    assert meta(soup, "og:description") == meta(soup, "description")
    data = json_ld(soup)
    person = data["ProfilePage"]["mainEntity"]
    assert person["@type"] == "Person"
    assert person["jobTitle"] == "Spationaute"
    assert person["sameAs"] == ["https://www.instagram.com/thom_astro/"]
    assert [org["name"] for org in person["affiliation"]] == ["ESA", "CNES"]
    assert [item["name"] for item in data["BreadcrumbList"]["itemListElement"]] == [
        "Accueil",
        "Influenceurs",
        "Thomas Pesquet",
    ]


def test_author_page_describes_a_person(client, article):
    soup = head_of(client, "/auteurs/lea-martin/")

    assert soup.find("link", rel="canonical")["href"] == f"{SITE_URL}/auteurs/lea-martin/"
    assert meta(soup, "description") == "Analyste."
    assert meta(soup, "og:description") == "Analyste."
    person = json_ld(soup)["ProfilePage"]["mainEntity"]
    assert person["name"] == "Léa Martin"
    assert person["url"] == f"{SITE_URL}/auteurs/lea-martin/"


def test_hostile_title_stays_inert_in_meta_tags_and_json_ld(client, db):
    author = factories.make_author(name=HOSTILE_TITLE, slug="plume", bio=HOSTILE_TITLE)
    influencer = factories.make_influencer(slug="star", name=HOSTILE_TITLE, headline=HOSTILE_TITLE)
    article = factories.make_article(slug="piege", title=HOSTILE_TITLE, standfirst=HOSTILE_TITLE)
    article.authors.add(author)
    article.influencers.add(influencer)

    pages = {
        "/articles/piege/": lambda data: data["Article"]["headline"],
        "/auteurs/plume/": lambda data: data["ProfilePage"]["mainEntity"]["name"],
        "/influenceurs/star/": lambda data: data["ProfilePage"]["mainEntity"]["name"],
    }
    for url, name_in in pages.items():
        response = client.get(url)
        soup = BeautifulSoup(response.content, "html.parser")
        # The only scripts on the page are the JSON-LD data blocks: nothing was injected.
        scripts = soup.find_all("script")
        assert scripts, url
        assert all(script["type"] == "application/ld+json" for script in scripts), url
        assert "<script>alert" not in response.text, url
        # Values survive intact once parsed: escaped, not mangled.
        assert meta(soup, "og:title").startswith(HOSTILE_TITLE), url
        assert name_in(json_ld(soup)) == HOSTILE_TITLE, url


def test_seo_tags_add_no_query_per_author_or_influencer(client, article):
    """Authors, tags, influencers and their accounts come from the page's prefetches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as context:
            head_of(client, "/articles/en-orbite/")
            head_of(client, "/influenceurs/thomas-pesquet/")
        return len(context)

    pesquet = article.influencers.get()
    factories.make_account(influencer=pesquet)
    queries()  # Warm the content-type cache that taggit reads once per process.
    before = queries()
    for _ in range(5):
        article.authors.add(factories.make_author())
        article.influencers.add(factories.make_influencer())
        factories.make_account(influencer=pesquet)

    assert queries() == before


def test_tag_page_has_a_canonical_url_and_its_feed(client):
    factories.make_article(tags=["astronautes"])
    soup = head_of(client, "/tags/astronautes/")
    assert soup.find("link", rel="canonical")["href"] == f"{SITE_URL}/tags/astronautes/"
    feeds = [link["href"] for link in soup.find_all("link", rel="alternate")]
    assert "/tags/astronautes/feed/" in feeds


def test_meta_description_is_cut_on_a_word_boundary():
    article = factories.make_article(standfirst="spationaute " * 20)
    description = article.meta_description
    assert len(description) <= 160
    assert description.endswith(" spationaute…")
