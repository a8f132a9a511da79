from django.urls import path

from articles import feeds, share_cards, views

app_name = "articles"

urlpatterns = [
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/carte.png", share_cards.article_card, name="share_card"),
    path("articles/<slug:slug>/apercu/", views.ArticlePreviewView.as_view(), name="preview"),
    path("apercu/<str:token>/", views.SharedDraftView.as_view(), name="shared_draft"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("series/<slug:slug>/", views.SeriesView.as_view(), name="series"),
    path("auteurs/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("influenceurs/<slug:slug>/feed/", feeds.InfluencerFeed(), name="influencer_feed"),
]
