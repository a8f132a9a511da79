from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        # Old addresses keep working when a slug changes, whoever changes it.
        from articles import redirects
        from articles.models import Article
        from core.cache import schedule_publications
        from core.middleware import page_reads
        from core.signals import count_as_content

        redirects.connect()
        # Tags are articles' content too: a renamed tag shows on every page listing it.
        count_as_content(self.label, "taggit")
        schedule_publications(
            Article, "published_at", "status", published_status=Article.Status.PUBLISHED.value
        )
        for listing in ("articles:tag", "articles:series", "articles:author"):
            page_reads(listing, "page")
