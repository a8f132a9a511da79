import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from agency import views
from agency.sitemaps import cached_sitemap
from core.media import serve_local_media

admin.site.site_header = "Agence Armstrong — administration"
admin.site.site_title = "Agence Armstrong"
admin.site.index_title = "Rédaction et données"

# French error pages in the site's look (core/errors.py); 404 is Django's with our template.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("recherche/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("sitemap.xml", cached_sitemap, name="sitemap"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("influencers.urls")),
    path("", include("newsletter.urls")),
]

if not settings.MEDIA_URL.startswith(("http://", "https://")):  # not on a bucket's domain
    media_prefix = re.escape(settings.MEDIA_URL.strip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}/(?P<path>.+)$", serve_local_media))
