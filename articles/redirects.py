"""Which addresses move when a slug changes, and which addresses a redirect may lead to.

Articles, authors, tags, influencers and series have public pages named by their slug;
`connect()` (from ArticlesConfig.ready) has `core.redirects` follow their moves.
Influencers are connected from here because this app may know them, not the reverse.
"""

from django.urls import Resolver404, resolve, reverse
from taggit.models import Tag

from articles.models import Article, Author, Series
from core.redirects import follow_moves
from influencers.models import Influencer


def article_addresses(article):
    return [reverse("articles:detail", args=[article.slug])]


def author_addresses(author):
    return [reverse("articles:author", args=[author.slug])]


def tag_addresses(tag):
    return [reverse(name, args=[tag.slug]) for name in ("articles:tag", "articles:tag_feed")]


def influencer_addresses(influencer):
    names = ("influencers:detail", "influencers:followers_csv", "influencers:followers_json",
             "articles:influencer_feed")  # fmt: skip
    return [reverse(name, args=[influencer.slug]) for name in names]


def series_addresses(series):
    return [reverse("articles:series", args=[series.slug])]


def tag_is_public(tag):
    return Article.objects.published().filter(tags=tag).exists()


def series_is_public(series):
    return Series.objects.with_public_articles().filter(pk=series.pk).exists()


def connect():
    # A never-published article had no readers, so its old slug needs no redirect.
    follow_moves(Article, article_addresses, lambda article: article.is_public)
    follow_moves(Author, author_addresses, lambda author: True)
    follow_moves(Tag, tag_addresses, tag_is_public)
    follow_moves(Influencer, influencer_addresses, lambda influencer: influencer.is_published)
    follow_moves(Series, series_addresses, series_is_public)


# What readers find at a page named by a slug; other pages of the site exist as routed.
PUBLIC_BY_SLUG = {
    "articles:detail": lambda slug: Article.objects.published().filter(slug=slug),
    "articles:tag": lambda slug: Article.objects.published().tags_in_use().filter(slug=slug),
    "articles:author": lambda slug: Author.objects.filter(slug=slug),
    "influencers:detail": lambda slug: Influencer.objects.published().filter(slug=slug),
    "articles:series": lambda slug: Series.objects.with_public_articles().filter(slug=slug),
}
NOT_FOR_READERS = ("admin:", "articles:preview", "articles:shared_draft")


def is_public_page(path):
    """Whether `path` (a path on this site, query string allowed) shows a page to readers."""
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    if match.view_name.startswith(NOT_FOR_READERS):
        return False
    lookup = PUBLIC_BY_SLUG.get(match.view_name)
    return lookup is None or lookup(match.kwargs["slug"]).exists()
