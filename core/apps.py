from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The infrastructure every app uses; it imports none of them (docs/architecture.md).

    Apps tell it what it needs to know from their own `ready()`: which apps hold public
    content (`core.signals.count_as_content`), when articles publish themselves
    (`core.cache.schedule_publications`) and which query parameters each page reads
    (`core.middleware.page_reads`).
    """

    name = "core"
    verbose_name = "Socle"

    def ready(self):
        # Public pages are cached; content changes must invalidate them on every server.
        from core import signals

        signals.connect()
        # The role groups follow core/roles.py after every migrate (and flush).
        from core.roles import apply_roles

        post_migrate.connect(apply_roles, sender=self, dispatch_uid="core.apply-roles")
