from django import template
from django.db.models import prefetch_related_objects
from django.utils import timezone

from articles.cards import CardList, render_cards
from articles.models import Article
from influencers.history import attach_sparklines
from influencers.models import accounts_with_growth

register = template.Library()

MAX_MARKS = 12


@register.simple_tag(takes_context=True)
def articles_about(context, influencer, cards=10, marks=MAX_MARKS):
    """The latest public articles about `influencer`: {"cards": markup, "marks": […]}.

    One query for both uses: `cards` the newest as card markup (cached like the
    listings', `articles.cards`); chart marks (date, title, address, oldest first) the
    `marks` newest, so the influencers app draws them without importing this app.
    Marks are capped: every chart lists them, and an influencer cited by hundreds of
    articles would otherwise weigh hundreds of kilobytes per page.
    """
    latest = list(Article.objects.published_featuring(influencer).for_cards()[: max(cards, marks)])
    (card_markup,) = render_cards(context.request, CardList(latest[:cards], level=3))
    return {
        "cards": card_markup,
        "marks": [
            {
                "date": timezone.localdate(article.published_at),
                "label": article.title,
                "url": article.get_absolute_url(),
            }
            for article in reversed(latest[:marks])
        ],
    }


@register.simple_tag
def influencer_cards(article):
    """The article's published influencers ready for cards: accounts, counts, sparklines.

    Starts from `article.influencers`, prefetched as published only by
    `ArticleQuerySet.for_detail()`, and adds two queries however many
    influencers and snapshots there are.
    """
    influencers = list(article.influencers.all())
    if not influencers:
        return []  # most articles: no need to even build the accounts' querysets
    prefetch_related_objects(influencers, accounts_with_growth())
    attach_sparklines(influencers)
    return influencers
