"""The site's sitemap: public articles, tags, authors, influencers, platforms and series.

Every URL is built on `settings.SITE_URL`, like canonical links and feeds, so
crawlers see one address per page whatever host name the request came in on.
Only what readers may see is listed: `Article.objects.published()` decides for
articles, tags and authors, `Influencer.objects.published()` for influencers.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse

from articles.models import Article, Author, Series
from core.cache import cached_fragment
from influencers.models import Influencer, Platform


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL's scheme and host rather than the request's.

    Sections return lists: the paginator then counts them without a COUNT query
    each, and only the columns the sitemap prints are read.
    """

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "influencers:list"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return list(
            Article.objects.published()
            .order_by("-published_at", "-pk")
            .only("slug", "updated_at", "published_at")
        )

    def lastmod(self, article):
        return article.updated_at


class TagSitemap(SiteUrlSitemap):
    """Tags that at least one public article carries: the others are 404 pages."""

    def items(self):
        return list(
            Article.objects.published()
            .tags_in_use()
            .annotate(last_published=Max("article__published_at"))
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("articles:tag", args=[tag.slug])

    def lastmod(self, tag):
        return tag.last_published


class AuthorSitemap(SiteUrlSitemap):
    """Authors with at least one public article: an empty profile is not worth a crawl."""

    def items(self):
        return list(
            Author.objects.filter(articles__in=Article.objects.published())
            .annotate(last_published=Max("articles__published_at"))
            .order_by("slug")
            .only("slug")
        )

    def lastmod(self, author):
        return author.last_published


class InfluencerSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return list(Influencer.objects.published().order_by("slug").only("slug", "updated_at"))

    def lastmod(self, influencer):
        return influencer.updated_at


class SeriesSitemap(SiteUrlSitemap):
    """Series with at least one public article, like their pages."""

    def items(self):
        return Series.objects.with_public_articles().order_by("slug")


class PlatformSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return list(Platform.objects.order_by("position", "name").only("slug"))


SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "influencers": InfluencerSitemap,
    "platforms": PlatformSitemap,
    "series": SeriesSitemap,
}


def cached_sitemap(request):
    """sitemap.xml, built once per content version: a thousand articles take ~100 ms.

    Its page (`?p=`) is part of the key; an unknown page is a 404, never kept.
    """

    def build():
        response = sitemap(request, SITEMAPS)
        response.render()
        return response.content, list(response.items())

    content, headers = cached_fragment(request, f"sitemap:{request.GET.get('p', '1')[:20]}", build)
    return HttpResponse(content, headers=headers)
