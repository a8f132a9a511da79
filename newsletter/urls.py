from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/merci/", views.thanks, name="thanks"),
    path("newsletter/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletter/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
