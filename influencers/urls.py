from django.urls import path

from influencers import sharing, views

app_name = "influencers"

urlpatterns = [
    path("influenceurs/", views.InfluencerListView.as_view(), name="list"),
    # Before the <slug> route, which would otherwise take "comparer" for an influencer.
    path("influenceurs/comparer/", views.compare, name="compare"),
    path("influenceurs/<slug:slug>/", views.InfluencerDetailView.as_view(), name="detail"),
    path("influenceurs/<slug:slug>/abonnes.csv", views.followers_csv, name="followers_csv"),
    path("influenceurs/<slug:slug>/abonnes.json", views.followers_json, name="followers_json"),
    path("influenceurs/<slug:slug>/carte.png", sharing.influencer_card, name="share_card"),
    path("influenceurs/<slug:slug>/<slug:platform>.svg", sharing.chart_svg, name="chart_svg"),
    path("plateformes/<slug:slug>/", views.PlatformRankingView.as_view(), name="platform"),
]
