"""Site-wide views: the home page and the load balancer's health check."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from articles.models import Article


class HomeView(ListView):
    """Featured articles on top of the first page, then every article, newest first."""

    template_name = "home.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["featured_articles"] = list(
                Article.objects.published().for_listing().filter(is_featured=True)[:3]
            )
        return context


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise: what a load balancer needs."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
