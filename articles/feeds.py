"""RSS feeds: the whole site, one tag, one influencer.

Items come from `Article.objects.published()`: a draft or a scheduled article
never reaches a feed reader. Links are built on `settings.SITE_URL`, like the
canonical links of the pages, so readers never see an internal host name.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article
from articles.templatetags.seo_tags import absolute_url
from influencers.models import Influencer

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """The site's latest public articles, newest first."""

    description = (
        "Les analyses de l'agence Armstrong sur l'influence des personnalités publiques "
        "sur les réseaux sociaux."
    )

    def title(self):
        return f"{settings.SITE_NAME} — derniers articles"

    def link(self):
        return absolute_url(reverse("home"))

    def feed_url(self):
        return absolute_url(reverse("articles:feed"))

    def items(self):
        return Article.objects.published().for_listing()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # RSS descriptions are HTML: the plain-text summary is escaped into a paragraph.
        return format_html("<p>{}</p>", article.meta_description)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class TagFeed(LatestArticlesFeed):
    """Public articles with a tag; a tag that no public article carries is a 404, as its page."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published().tags_in_use(), slug=slug)

    def title(self, tag):
        return f"{settings.SITE_NAME} — étiquette « {tag.name} »"

    def description(self, tag):
        return f"Les articles de l'agence Armstrong avec l'étiquette « {tag.name} »."

    def link(self, tag):
        return absolute_url(reverse("articles:tag", args=[tag.slug]))

    def feed_url(self, tag):
        return absolute_url(reverse("articles:tag_feed", args=[tag.slug]))

    def items(self, tag):
        return Article.objects.published().filter(tags=tag).for_listing()[:FEED_LENGTH]


class InfluencerFeed(LatestArticlesFeed):
    """Public articles featuring a published influencer."""

    def get_object(self, request, slug):
        return get_object_or_404(Influencer.objects.published(), slug=slug)

    def title(self, influencer):
        return f"{settings.SITE_NAME} — articles sur {influencer.name}"

    def description(self, influencer):
        return f"Les analyses de l'agence Armstrong sur {influencer.name}."

    def link(self, influencer):
        return absolute_url(influencer.get_absolute_url())

    def feed_url(self, influencer):
        return absolute_url(reverse("articles:influencer_feed", args=[influencer.slug]))

    def items(self, influencer):
        return Article.objects.published_featuring(influencer).for_listing()[:FEED_LENGTH]
