from django import template
from django.utils import timezone

from articles.models import Article

register = template.Library()


@register.simple_tag
def articles_featuring(influencer, limit=10):
    """Public articles that feature `influencer`, newest first (two queries)."""
    return list(Article.objects.published().filter(influencers=influencer).for_listing()[:limit])


@register.simple_tag
def article_marks(influencer):
    """Public articles about `influencer` as chart marks: date, title and address (one query).

    The influencers app draws them on its charts without importing this app.
    """
    articles = Article.objects.published().filter(influencers=influencer).order_by("published_at")
    return [
        {
            "date": timezone.localdate(article.published_at),
            "label": article.title,
            "url": article.get_absolute_url(),
        }
        for article in articles.only("title", "slug", "published_at")
    ]
