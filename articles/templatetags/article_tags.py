from django import template
from django.db.models import prefetch_related_objects
from django.utils import timezone

from articles.models import Article
from influencers.models import accounts_with_growth, attach_sparklines

register = template.Library()

MAX_MARKS = 12


@register.simple_tag
def articles_featuring(influencer, limit=10):
    """Public articles that feature `influencer`, newest first (two queries)."""
    return list(Article.objects.published_featuring(influencer).for_listing()[:limit])


@register.simple_tag
def article_marks(influencer, limit=MAX_MARKS):
    """The latest public articles about `influencer` as chart marks: date, title and address.

    One query. The influencers app draws them on its charts without importing this
    app. At most `limit`: every chart lists them, and an influencer cited by
    hundreds of articles would otherwise weigh hundreds of kilobytes per page.
    """
    latest = Article.objects.published_featuring(influencer).order_by("-published_at")
    articles = reversed(latest.only("title", "slug", "published_at")[:limit])
    return [
        {
            "date": timezone.localdate(article.published_at),
            "label": article.title,
            "url": article.get_absolute_url(),
        }
        for article in articles
    ]


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
