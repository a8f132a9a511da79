from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        # Old addresses keep working when a slug changes, whoever changes it.
        from articles import redirects

        redirects.connect()
