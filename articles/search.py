"""Search over public articles and influencers.

On PostgreSQL this is real full-text search: French stemming ("astronautes"
finds "astronaute"), ranking with the title weighing more than the body, and
snippets highlighted by `ts_headline`. Articles are matched and ranked on their
stored, GIN-indexed `search_vector` (title A, standfirst B, body C), which a
trigger of migration `0101_search_vector` keeps up to date: a search reads no
article body except for the snippets of the page shown.

On SQLite (a laptop without a database server) a plain `icontains` fallback
finds every word of the query in the title, standfirst or body, and the
snippet is cut and highlighted in Python. It knows no stemming, and SQLite
ignores case for ASCII letters only ("É" does not find "é"): good enough to
try the site, not to run it.

Only `Article.objects.published()` and `Influencer.objects.published()` are
searched: unpublished content is never found.
"""

import html
import re

from django import forms
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape, format_html, format_html_join, strip_tags
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from influencers.models import Influencer

SEARCH_CONFIG = "french"
QUERY_MAX_LENGTH = 200
# ts_headline wraps matches in these private-use characters rather than in
# <mark>: the text around them is escaped first, then they become <mark> tags.
MATCH_START, MATCH_END = "\ue000", "\ue001"
MARKED_MATCH = re.compile(f"{MATCH_START}(.*?){MATCH_END}", re.DOTALL)
SNIPPET_WORDS = 30
FALLBACK_MAX_TERMS = 8


class SearchForm(forms.Form):
    # Django's CharField already refuses NUL characters, which PostgreSQL
    # cannot store or compare; the length cap keeps the query plan cheap.
    q = forms.CharField(
        label=_("Rechercher"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Pesquet, astronautes, Instagram…")}),
    )


def uses_full_text_search():
    return connection.vendor == "postgresql"


def influencer_document():
    # No index: the directory holds a few hundred people at most, a scan is cheap.
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("headline", "affiliations", weight="B", config=SEARCH_CONFIG)
        + SearchVector("bio", weight="C", config=SEARCH_CONFIG)
    )


class StripTags(Func):
    """The text of an HTML fragment, so that a headline never cuts a tag in half.

    Only PostgreSQL needs it in SQL; the fallback strips tags in Python.
    """

    function = "regexp_replace"
    template = "%(function)s(%(expressions)s, '<[^>]*>', ' ', 'g')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def headline(expression, query):
    return SearchHeadline(
        expression,
        query,
        config=SEARCH_CONFIG,
        start_sel=MATCH_START,
        stop_sel=MATCH_END,
        max_words=SNIPPET_WORDS,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def search_articles(text):
    """Public articles matching `text`, best match first, each with a `snippet`."""
    return ranked_matches(
        # What a result prints: neither the body nor the stored document travel.
        Article.objects.published().only("title", "slug", "published_at"),
        text,
        document=F("search_vector"),
        snippet_source=Concat(
            "standfirst", Value(" "), StripTags("body"), output_field=TextField()
        ),
        fields=["title", "standfirst", "body"],
        order=["-published_at", "-pk"],
    )


def search_influencers(text, limit):
    """The `limit` public influencers matching `text` best, each with a `snippet`."""
    results = ranked_matches(
        Influencer.objects.published(),
        text,
        document=influencer_document(),
        snippet_source=Concat("headline", Value(" — "), "bio", output_field=TextField()),
        fields=["name", "headline", "affiliations", "bio"],
        order=["name"],
    )
    return results[:limit]


def ranked_matches(queryset, text, *, document, snippet_source, fields, order):
    """The rows of `queryset` matching `text`, best first, as SearchResults.

    `fields` are searched by the fallback, most telling first: a match in the
    first ones ranks higher, as the weights of `document` do on PostgreSQL.
    """
    terms = search_terms(text)
    if uses_full_text_search():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        # ts_headline is costly; PostgreSQL evaluates it only for the rows of
        # the page, after the ORDER BY ... LIMIT, not for every match.
        # The document is an alias, not an annotation: it is matched and ranked
        # on, never sent back with the rows.
        matches = (
            queryset.alias(document=document)
            .annotate(
                rank=SearchRank(document, query),
                snippet_source=headline(snippet_source, query),
            )
            .filter(document=query)
        )
    else:
        matches = queryset.filter(all_terms_in(terms, fields)).annotate(
            rank=best_field_rank(terms, fields[:2]), snippet_source=snippet_source
        )
    return SearchResults(matches.order_by("-rank", *order), terms=terms)


def search_terms(text):
    """Words of the query for the fallback: quotes and operators are just punctuation there."""
    words = re.findall(r"\w+", text)
    return list(dict.fromkeys(word.lower() for word in words))[:FALLBACK_MAX_TERMS]


def all_terms_in(terms, fields):
    """Every term appears in at least one of the fields (each term may use a different one)."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": term})
        condition &= any_field
    return condition if terms else Q(pk__in=[])


def best_field_rank(terms, fields):
    """A crude rank for the fallback: a match in an earlier field scores higher."""
    whens = [
        When(Q(**{f"{field}__icontains": term}), then=Value(len(fields) - position))
        for position, field in enumerate(fields)
        for term in terms
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


class SearchResults:
    """Search results whose objects get a safe, highlighted `snippet` when read.

    Paginators slice and count it like a queryset; the snippet is built only
    for the objects of the page shown.
    """

    def __init__(self, queryset, terms):
        self.queryset = queryset
        self.terms = terms

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.with_snippet(result) for result in self.queryset[index]]
        return self.with_snippet(self.queryset[index])

    def __iter__(self):
        return (self.with_snippet(result) for result in self.queryset)

    def with_snippet(self, result):
        if uses_full_text_search():
            result.snippet = highlight_marked(result.snippet_source)
        else:
            result.snippet = highlight_terms(result.snippet_source, self.terms)
        return result


def highlight_marked(marked_text):
    """Escape a `ts_headline` result and turn its match markers into <mark> tags."""
    text = html.unescape(marked_text or "")
    parts = MARKED_MATCH.split(text)
    # split() alternates: text outside matches at even positions, matches at odd ones.
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", part) if index % 2 else clean(part),)
            for index, part in enumerate(parts)
        ),
    )


def highlight_terms(source, terms):
    """A window of text around the first match, escaped, with every term in <mark>."""
    text = " ".join(html.unescape(strip_tags(source or "")).split())
    if not terms:
        return escape(window_around(text, 0))
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(text)
    window = window_around(text, first.start() if first else 0)
    parts = pattern.split(window)
    matches = pattern.findall(window)
    pieces = []
    for index, part in enumerate(parts):
        pieces.append(escape(part))
        if index < len(matches):
            pieces.append(format_html("<mark>{}</mark>", matches[index]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def window_around(text, position):
    """About SNIPPET_WORDS words of `text`, starting a few words before `position`."""
    before = text[:position].split()
    start_words = before[-8:]
    after = text[position:].split()
    words = start_words + after[: SNIPPET_WORDS - len(start_words)]
    prefix = "… " if len(before) > len(start_words) else ""
    suffix = " …" if len(start_words) + len(after) > len(words) else ""
    return prefix + " ".join(words) + suffix


def clean(text):
    """Stray markers (a document that happened to contain one) are dropped, the rest escaped."""
    return escape(text.replace(MATCH_START, "").replace(MATCH_END, ""))
