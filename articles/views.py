from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles.models import Article, Author

RELATED_ARTICLES = 3


class ArticleDetailView(DetailView):
    context_object_name = "article"

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

    template_name = "articles/article_detail.html"

    def get_queryset(self):
        user = self.request.user
        if not user.has_perm("articles.view_article"):
            return Article.objects.none()
        return Article.objects.for_detail().viewable_by(user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class TagView(ListView):
    """Articles with a tag; a tag that no public article carries is a 404."""

    template_name = "articles/tag.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        tags = Article.objects.published().tags_in_use()
        self.tag = get_object_or_404(tags, slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(ListView):
    template_name = "articles/author.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().filter(authors=self.author).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
