from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "agency"
    verbose_name = "Agence"

    def ready(self):
        # Public pages are cached; content changes must invalidate them on every server.
        from agency import signals

        signals.connect()
