"""Site-wide views: home, search, robots.txt and the load balancer's health check."""

from django.conf import settings
from django.db import Error, connection
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import ListView, TemplateView

from articles.cards import CardList, render_cards
from articles.models import Article
from articles.search import SearchForm, search_articles, search_influencers
from core.errors import RETRY_AFTER_SECONDS


class HomeView(ListView):
    """Featured articles on top of the first page, then every article, newest first."""

    template_name = "home.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        # Bylines and tags come with the cards that are not cached (article_cards).
        return Article.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = []
        if context["page_obj"].number == 1:
            featured = self.get_queryset().filter(is_featured=True)[:3]
        context["featured_cards"], context["cards"] = render_cards(
            self.request,
            CardList(featured, level=3, featured=True),
            CardList(context["articles"], level=3),
        )
        return context


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise: what a load balancer needs.

    Any database error counts, InterfaceError included (a connection closed by a
    restart), which is not a DatabaseError.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:
        response = JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


class SearchView(ListView):
    """Articles matching `?q=`, paginated, with the best-matching influencers on top.

    An empty or invalid query (too long, NUL characters) shows the form and a
    hint instead of results.
    """

    template_name = "search.html"
    context_object_name = "articles"
    paginate_by = 10
    influencer_limit = 6

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        valid = self.form.is_valid()
        self.query = self.form.cleaned_data["q"] if valid else ""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return search_articles(self.query) if self.query else Article.objects.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.query, **kwargs)
        on_first_page = context["page_obj"].number == 1
        context["influencers"] = (
            search_influencers(self.query, self.influencer_limit)
            if self.query and on_first_page
            else []
        )
        return context


@method_decorator(cache_control(max_age=60 * 60 * 24), name="dispatch")
class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(SITE_URL=settings.SITE_URL, **kwargs)
