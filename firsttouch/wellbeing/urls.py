from django.urls import path

from . import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("epds/", views.epds_form, name="epds"),
    path("history/", views.history, name="history"),
    path("history/share/", views.share_all, name="share_all"),
    path("checks/<int:response_id>/", views.result, name="result"),
    path("checks/<int:response_id>/share/", views.share, name="share"),
]
