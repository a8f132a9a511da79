from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = "Agence"

    def ready(self):
        # Public pages are cached; content changes must invalidate them on every server.
        from agency import signals

        signals.connect()
        # The role groups follow agency/roles.py after every migrate (and flush).
        from agency.roles import apply_roles

        post_migrate.connect(apply_roles, sender=self, dispatch_uid="agency.apply-roles")
