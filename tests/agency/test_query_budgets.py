"""Each public page runs a fixed number of queries, whatever the amount of data.

The budgets catch N+1 queries in template loops: authors and tags per article
card, accounts and latest counts per influencer, cited figures per article,
related articles of a shared draft, parts of a series.
"""

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Series, SeriesPart, ShareLink
from influencers.models import Influencer, Platform
from tests import factories

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


def build_site(size):
    platform = factories.make_platform(slug="facebook", name="Facebook")
    author = factories.make_author(slug="plume")
    star = factories.make_influencer(slug="star")
    star_account = factories.make_account(influencer=star, platform=platform)
    factories.make_history(star_account, days=size)
    series = Series.objects.create(title="La série", slug="la-serie")
    for position in range(size):
        influencer = factories.make_influencer()
        account = factories.make_account(influencer=influencer, platform=platform)
        factories.make_history(account, days=3)
        article = factories.make_article(tags=["espace", f"sujet-{influencer.pk}"])
        article.authors.add(author)
        article.influencers.add(star, influencer)
        article.cited_figures.create(
            account=star_account, cited_on=star_account.snapshots.latest().recorded_on
        )
        SeriesPart.objects.create(series=series, article=article, position=position)
    draft = factories.make_article(slug="brouillon", status=Article.Status.DRAFT, tags=["espace"])
    draft.authors.add(author)
    draft.influencers.add(star)
    ShareLink.objects.create(article=draft, token="jeton-du-budget")
    front_page = factories.make_article(slug="la-une", tags=["espace"])
    SeriesPart.objects.create(series=series, article=front_page, position=size)
    return front_page


PAGES = ["/", "/articles/{article}/", "/tags/espace/", "/auteurs/plume/", "/influenceurs/",
         "/influenceurs/star/", "/plateformes/facebook/", "/apercu/jeton-du-budget/",
         "/series/la-serie/"]  # fmt: skip
# What other sites and feed readers fetch: milestones in the feed, the embedded chart
# (timeline and projection), the share card (drawn, the cache being empty), the rankings
# with rank moves or percentages.
PAGES += ["/influenceurs/star/feed/", "/influenceurs/star/facebook.svg",
          "/influenceurs/star/carte.png", "/plateformes/facebook/?tri=pourcentage",
          "/plateformes/facebook/?tri=croissance"]  # fmt: skip
PAGES += ["/articles/{cited}/", "/recherche/?q=Article", "/feed/", "/tags/espace/feed/",
          "/sitemap.xml", "/influenceurs/comparer/?i=star&i={other}"]  # fmt: skip
# An article without images, posts, figures or influencers reads only what it shows.
PLAIN_ARTICLE_QUERIES = 4


def count_queries(client, url):
    # Feeds read the Site once per process (django.contrib.sites caches it): not per page.
    Site.objects.get_current()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def urls(page, plain):
    cited = Article.objects.published().exclude(pk=plain.pk).latest("pk")
    other = Influencer.objects.exclude(slug="star").latest("pk")
    return page.format(article=plain.slug, cited=cited.slug, other=other.slug)


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_data(client, page):
    small_article = build_site(1)
    small = count_queries(client, urls(page, small_article))
    for model in (Article, Author, Influencer, Platform, Series):
        model.objects.all().delete()
    large_article = build_site(30)
    large = count_queries(client, urls(page, large_article))
    assert small == large, f"{page}: {small} queries with 1 item, {large} with 30"
    assert large <= MAX_QUERIES, f"{page}: {large} queries"


def test_an_article_pays_only_for_the_sections_it_has(client):
    plain = build_site(3)
    assert count_queries(client, plain.get_absolute_url()) <= PLAIN_ARTICLE_QUERIES
