from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.cards import CardList, render_cards
from articles.models import Article, Author, Series, ShareLink
from core.cache import cached_fragment, fragment_version

RELATED_ARTICLES = 3
NOT_FOR_CRAWLERS = "noindex, nofollow"


class ArticleDetailView(DetailView):
    """A public article. Its head and content are rendered once per content version.

    Kept under the version and the slug: finding them proves the article was public
    under this version, so a page whose parts are cached runs no query of its own.
    """

    context_object_name = "article"
    template_name = "articles/article_detail.html"
    # Parts of the template rendered apart and cached (its {% partialdef %} blocks).
    CACHED_PARTS = ("head", "content")

    def get(self, request, *args, **kwargs):
        if fragment_version(request) is None:
            return super().get(request, *args, **kwargs)

        def render_parts():
            self.object = self.get_object()
            context = self.get_context_data(object=self.object)
            return {
                name: render_to_string(f"{self.template_name}#{name}", context, request)
                for name in self.CACHED_PARTS
            }

        parts = cached_fragment(request, f"article:{kwargs['slug']}", render_parts)
        return self.render_to_response({"parts": parts})

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        article.prefetch_sections()
        return article

    def get_context_data(self, **kwargs):
        related = Article.objects.published().related_to(self.object)[:RELATED_ARTICLES]
        return super().get_context_data(related_articles=related, **kwargs)


@method_decorator([never_cache, staff_member_required], name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """A draft exactly as readers will see it, for the staff who may edit it.

    Éditeurs preview any article, Rédacteurs their own; everyone else gets a
    404 and anonymous visitors the admin login. Never cached, never indexed.
    """

    def get(self, request, *args, **kwargs):
        return DetailView.get(self, request, *args, **kwargs)  # drafts: never from the cache

    def get_queryset(self):
        user = self.request.user
        if not user.has_perm("articles.view_article"):
            return Article.objects.none()
        return Article.objects.for_detail().viewable_by(user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = NOT_FOR_CRAWLERS
        return response


@method_decorator(never_cache, name="dispatch")
class SharedDraftView(ArticleDetailView):
    """An unpublished article for whoever holds one of its share links (no account needed).

    Never cached (the page cache stores no never-cache response), never indexed,
    and the token never leaves in a Referer header. An unknown link is a 404, an
    expired or revoked one a 410, both with a page saying so; once the article is
    public, the link leads to it.
    """

    def get(self, request, *args, **kwargs):
        self.object = Article.objects.for_detail().behind_share_link(kwargs["token"]).first()
        self.link = self.object and ShareLink.of_shared_article(self.object)
        if self.link is None or not self.link.is_active:
            response = TemplateResponse(
                request,
                "articles/share_link_gone.html",
                {"link": self.link},
                status=404 if self.link is None else 410,
            )
        elif self.object.is_public:
            return redirect(self.object)
        else:
            self.object.prefetch_sections()
            response = self.render_to_response(self.get_context_data(object=self.object))
        response["X-Robots-Tag"] = NOT_FOR_CRAWLERS
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(share_link=self.link, **kwargs)


class TagView(ListView):
    """Articles with a tag; a tag that no public article carries is a 404."""

    template_name = "articles/tag.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        self.tag = get_object_or_404(Tag.objects.only("name", "slug"), slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        # The pagination's count says whether a public article carries the tag: no query
        # of its own (joining tags to public articles cost more than the whole page).
        if not context["paginator"].count:
            raise Http404("Aucun article publié avec cette étiquette.")
        [context["cards"]] = render_cards(self.request, CardList(context["articles"]))
        return context


class AuthorView(ListView):
    template_name = "articles/author.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().filter(authors=self.author).for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        [context["cards"]] = render_cards(self.request, CardList(context["articles"], level=3))
        return context


class SeriesView(ListView):
    """A series' published articles in reading order; a series with none is a 404."""

    template_name = "articles/series.html"
    context_object_name = "articles"

    def get_queryset(self):
        series = Series.objects.with_public_articles()
        self.series = get_object_or_404(series, slug=self.kwargs["slug"])
        return self.series.published_articles()

    def get_context_data(self, **kwargs):
        return super().get_context_data(series=self.series, **kwargs)
