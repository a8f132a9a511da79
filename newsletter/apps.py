from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Lettre d'information"

    def ready(self):
        from core.middleware import page_reads

        page_reads("newsletter:subscribe", "suivre")
