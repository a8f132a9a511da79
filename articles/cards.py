"""Article cards, rendered once per content version and kept in the cache.

Listings (home, tags, authors) print a dozen cards, each with its byline, tags,
dates and a responsive cover: most of such a page's rendering. A card only shows
public content, so it is filed under the content version (core.cache) and
every change to published content retires it with everything else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from articles.models import LISTING_PREFETCH
from core.cache import fragment_version

CARD_TEMPLATE = "includes/article_card.html"


@dataclass
class CardList:
    """Articles to print as cards, with the heading level and style of their titles."""

    articles: list
    level: int = 2
    featured: bool = False

    def key(self, version, article):
        return f"fragment:card:{version}:{self.level}:{self.featured:d}:{article.pk}"


def render_cards(request, *card_lists):
    """The markup of each `CardList`, in order; one cache read for them all.

    Articles come from `ArticleQuerySet.for_cards()`: bylines and tags are fetched,
    in two queries for every list at once, only for the cards the cache did not hold.
    """
    version = fragment_version(request)
    for card_list in card_lists:
        card_list.articles = list(card_list.articles)
    wanted = {
        card_list.key(version, article): (card_list, article)
        for card_list in card_lists
        for article in card_list.articles
    }
    found = cache.get_many(list(wanted)) if version else {}
    missing = {key: wanted[key] for key in wanted.keys() - found.keys()}
    if missing:
        prefetch_related_objects([article for _, article in missing.values()], *LISTING_PREFETCH)
        template = get_template(CARD_TEMPLATE)
        rendered = {
            key: template.render(
                {"article": article, "level": card_list.level, "featured": card_list.featured}
            )
            for key, (card_list, article) in missing.items()
        }
        if version:
            cache.set_many(rendered, settings.FRAGMENT_CACHE_SECONDS)
        found.update(rendered)
    return [
        mark_safe("".join(found[card_list.key(version, article)] for article in card_list.articles))
        for card_list in card_lists
    ]
