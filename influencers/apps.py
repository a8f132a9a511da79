from django.apps import AppConfig


class InfluencersConfig(AppConfig):
    name = "influencers"
    verbose_name = "Influenceurs"

    def ready(self):
        from core.middleware import page_reads
        from core.signals import count_as_content
        from influencers.signals import follower_counts_changed, influencers_changed
        from influencers.views import RANKING_ORDERS

        count_as_content(self.label, bulk_signals=[follower_counts_changed, influencers_changed])
        page_reads("influencers:list", "page")
        # An unknown order shows the default ranking: the bare page's entry.
        page_reads("influencers:platform", "page", tri=RANKING_ORDERS)
        page_reads("influencers:compare", "i")
        page_reads("influencers:followers_csv", "plateforme")
        page_reads("influencers:followers_json", "plateforme")
