"""RSS feeds: the whole site, one tag, one influencer (its articles and milestones).

Items come from `Article.objects.published()`: a draft or a scheduled article
never reaches a feed reader. Links are built on `settings.SITE_URL`, like the
canonical links of the pages, so readers never see an internal host name.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import format_html

from articles.models import Article
from articles.templatetags.seo_tags import absolute_url
from influencers.milestones import Milestone, milestones_of
from influencers.models import Account, Influencer
from safeguards.text import single_line, xml_text

FEED_LENGTH = 20


class PlainTextRss(Rss201rev2Feed):
    """RSS whose every string XML can carry: titles, names and tags on one line, the
    descriptions (HTML) without the control characters XML 1.0 forbids.

    Django's XML writer refuses a control character with an error, so one stored before
    safeguards.text cleaned titles (or one in a multi-line text) would take the feed down.
    """

    MULTI_LINE = {"description"}

    def __init__(self, **kwargs):
        super().__init__(**self.fit_for_xml(kwargs))

    def add_item(self, **kwargs):
        super().add_item(**self.fit_for_xml(kwargs))

    def fit_for_xml(self, values):
        return {name: self.clean(name, value) for name, value in values.items()}

    def clean(self, name, value):
        if isinstance(value, str):
            return xml_text(value if name in self.MULTI_LINE else single_line(value))
        if isinstance(value, (list, tuple)):  # categories
            return [self.clean(name, item) for item in value]
        return value


class LatestArticlesFeed(Feed):
    """The site's latest public articles, newest first."""

    feed_type = PlainTextRss

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
    """Public articles featuring a published influencer, and the milestones its accounts reached.

    Three queries for the milestones (accounts, one aggregate over their histories)
    besides the articles', whatever the histories' length.
    """

    def get_object(self, request, slug):
        return get_object_or_404(Influencer.objects.published(), slug=slug)

    def title(self, influencer):
        return f"{settings.SITE_NAME} — articles sur {influencer.name}"

    def description(self, influencer):
        return (
            f"Les analyses de l'agence Armstrong sur {influencer.name} "
            "et les seuils d'abonnés que ses comptes franchissent."
        )

    def link(self, influencer):
        return absolute_url(influencer.get_absolute_url())

    def feed_url(self, influencer):
        return absolute_url(reverse("articles:influencer_feed", args=[influencer.slug]))

    def items(self, influencer):
        articles = list(Article.objects.published_featuring(influencer).for_listing()[:FEED_LENGTH])
        accounts = Account.objects.public().filter(influencer=influencer).select_related("platform")
        milestones = milestones_of(accounts)[:FEED_LENGTH]
        for milestone in milestones:
            milestone.account.influencer = influencer  # for its title, without a query each
        items = articles + milestones
        items.sort(key=self.item_pubdate, reverse=True)
        return items[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if isinstance(item, Milestone):
            return format_html(
                "<p>{}</p>",
                f"Premier relevé à {item.label} {item.account.platform.audience_word} ou plus : "
                f"{item.reached_on:%d/%m/%Y}.",
            )
        return super().item_description(item)

    def item_link(self, item):
        if isinstance(item, Milestone):
            return absolute_url(f"{item.account.influencer.get_absolute_url()}#{item.anchor}")
        return super().item_link(item)

    def item_pubdate(self, item):
        if isinstance(item, Milestone):
            # Noon, local time: a date-only figure should not slip to the previous day.
            noon = datetime.datetime.combine(item.reached_on, datetime.time(12))
            return timezone.make_aware(noon)
        return super().item_pubdate(item)

    def item_updateddate(self, item):
        if isinstance(item, Milestone):
            return self.item_pubdate(item)
        return super().item_updateddate(item)

    def item_author_name(self, item):
        if isinstance(item, Milestone):
            return None
        return super().item_author_name(item)

    def item_categories(self, item):
        if isinstance(item, Milestone):
            return ["Jalons", item.account.platform.name]
        return super().item_categories(item)
