from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag
def articles_featuring(influencer, limit=10):
    """Public articles that feature `influencer`, newest first (two queries)."""
    return list(Article.objects.published().filter(influencers=influencer).for_listing()[:limit])
