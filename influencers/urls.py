from django.urls import path

from influencers import views

app_name = "influencers"

urlpatterns = [
    path("influenceurs/", views.InfluencerListView.as_view(), name="list"),
    path("influenceurs/<slug:slug>/", views.InfluencerDetailView.as_view(), name="detail"),
    path("plateformes/<slug:slug>/", views.PlatformRankingView.as_view(), name="platform"),
]
