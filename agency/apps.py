from django.apps import AppConfig


class AgencyConfig(AppConfig):
    """The site shell: settings, root URLs, the site-wide views, sitemaps, the demo."""

    name = "agency"
    verbose_name = "Agence"

    def ready(self):
        from core.middleware import never_store, page_reads

        page_reads("home", "page")
        page_reads("sitemap", "p")
        # Every query is a page of its own, which anyone can invent by the thousand.
        never_store("search")
