from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    """Input rules every app shares (links, uploads, tag slugs); depends on none of them.

    `articles` and `influencers` import from here, never the reverse, so both can
    use one rule without an arrow pointing back up.
    """

    name = "safeguards"
    verbose_name = "Garde-fous"

    def ready(self):
        from safeguards import tags

        tags.connect()
