"""RSS feeds, read by a real feed parser: only public articles, valid, with dates and links."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.factories import HIDDEN_STATES

pytestmark = pytest.mark.django_db

SITE_URL = "https://blog.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def influencer():
    return factories.make_influencer(slug="thomas-pesquet", name="Thomas Pesquet")


@pytest.fixture
def articles(influencer):
    author = factories.make_author(name="Léa Martin")
    older = factories.make_article(
        title="Le spationaute et ses abonnés",
        standfirst="Comment Thomas Pesquet a conquis Instagram.",
        tags=["astronautes", "ESA"],
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    newer = factories.make_article(
        title="Dans la station",
        tags=["astronautes"],
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    older.authors.add(author)
    older.influencers.add(influencer)
    return {"older": older, "newer": newer}


@pytest.mark.parametrize(
    "url", ["/feed/", "/tags/astronautes/feed/", "/influenceurs/thomas-pesquet/feed/"]
)
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_feeds_never_list_an_unpublished_or_scheduled_article(
    client, articles, influencer, state, url
):
    hidden = factories.make_article(title="Article caché", tags=["astronautes"], **state)
    hidden.influencers.add(influencer)

    feed = read_feed(client, url)

    titles = [entry.title for entry in feed.entries]
    assert "Le spationaute et ses abonnés" in titles
    assert "Article caché" not in titles


def test_site_feed_lists_articles_newest_first_with_links_dates_and_authors(client, articles):
    feed = read_feed(client, "/feed/")

    assert feed.feed.title == "L'agence Armstrong — derniers articles"
    assert feed.feed.link == f"{SITE_URL}/"
    assert feed.feed.language == "fr"
    assert [entry.title for entry in feed.entries] == [
        "Dans la station",
        "Le spationaute et ses abonnés",
    ]
    older = feed.entries[1]
    assert older.link == f"{SITE_URL}/articles/{articles['older'].slug}/"
    assert older.author == "Léa Martin"
    assert {tag.term for tag in older.tags} == {"astronautes", "ESA"}
    assert older.summary == "<p>Comment Thomas Pesquet a conquis Instagram.</p>"
    published = datetime.datetime(*older.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs(published - articles["older"].published_at) < datetime.timedelta(seconds=1)


def test_tag_feed_lists_only_that_tag(client, articles):
    factories.make_article(title="Autre sujet", tags=["cuisine"])

    feed = read_feed(client, "/tags/esa/feed/")

    assert [entry.title for entry in feed.entries] == ["Le spationaute et ses abonnés"]
    assert feed.feed.link == f"{SITE_URL}/tags/esa/"


def test_influencer_feed_lists_articles_featuring_them(client, articles):
    feed = read_feed(client, "/influenceurs/thomas-pesquet/feed/")

    assert [entry.title for entry in feed.entries] == ["Le spationaute et ses abonnés"]
    assert feed.feed.title == "L'agence Armstrong — articles sur Thomas Pesquet"


def test_feeds_of_hidden_or_unknown_objects_are_404(client, db):
    factories.make_article(status=Article.Status.DRAFT, tags=["secret"])
    hidden = factories.make_influencer(is_published=False)

    for url in ("/tags/secret/feed/", "/tags/inconnue/feed/", "/influenceurs/inconnu/feed/",
                f"/influenceurs/{hidden.slug}/feed/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_markup_in_titles_and_standfirsts_stays_text_in_the_feed(client, db):
    factories.make_article(
        title='Des "guillemets" & <script>alert(1)</script>',
        standfirst="Audience < 1 000 & croissance > 10 %",
    )

    entry = read_feed(client, "/feed/").entries[0]

    assert entry.title == 'Des "guillemets" & <script>alert(1)</script>'
    # The summary is HTML whose text is the standfirst: its characters are escaped.
    assert entry.summary == "<p>Audience &lt; 1 000 &amp; croissance &gt; 10 %</p>"


def test_pages_advertise_their_feeds(client, articles, influencer):
    home = client.get("/").text
    assert 'type="application/rss+xml"' in home
    assert 'href="/feed/"' in home
    page = client.get(influencer.get_absolute_url()).text
    assert 'href="/influenceurs/thomas-pesquet/feed/"' in page


def test_feed_query_count_does_not_grow_with_items(client, django_assert_max_num_queries):
    """Authors and tags of every item are prefetched, not read one item at a time."""
    for _ in range(15):
        article = factories.make_article(tags=["espace", "esa"])
        article.authors.add(factories.make_author())
    # The syndication framework reads the Site (django.contrib.sites) once per process.
    read_feed(client, "/feed/")

    with django_assert_max_num_queries(3):
        read_feed(client, "/feed/")
