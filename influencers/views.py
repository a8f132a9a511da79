from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from influencers.models import Account, Influencer, Platform


def public_accounts_with_latest():
    return Prefetch(
        "accounts", queryset=Account.objects.active().with_latest().select_related("platform")
    )


class InfluencerListView(ListView):
    template_name = "influencers/influencer_list.html"
    context_object_name = "influencers"
    paginate_by = 24

    def get_queryset(self):
        return Influencer.objects.published().prefetch_related(public_accounts_with_latest())

    def get_context_data(self, **kwargs):
        return super().get_context_data(platforms=Platform.objects.all(), **kwargs)


class InfluencerDetailView(DetailView):
    """An influencer's accounts with latest counts and 30-day change.

    Articles featuring the influencer are added by the articles app through the
    template's `featured_in` relation, which only lists public articles.
    """

    context_object_name = "influencer"

    def get_queryset(self):
        return Influencer.objects.published().prefetch_related(
            public_accounts_with_latest(), "tags"
        )


class PlatformRankingView(ListView):
    template_name = "influencers/platform_ranking.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        self.platform = get_object_or_404(Platform, slug=self.kwargs["slug"])
        return Account.objects.filter(platform=self.platform).ranked()

    def get_context_data(self, **kwargs):
        return super().get_context_data(platform=self.platform, **kwargs)
