from django.urls import path

from . import views, views_instruments

app_name = "wellbeing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("epds/", views.epds_form, name="epds"),
    path("history/", views.history, name="history"),
    path("history/share/", views.share_all, name="share_all"),
    path("checks/<int:response_id>/", views.result, name="result"),
    path("checks/<int:response_id>/share/", views.share, name="share"),
    path("questionnaires/<slug:instrument_id>/", views_instruments.take, name="instrument"),
    path("questionnaires/<slug:instrument_id>/history/", views_instruments.history,
         name="instrument_history"),
    path("questionnaires/<slug:instrument_id>/results/<int:response_id>/",
         views_instruments.result, name="instrument_result"),
    path("questionnaires/<slug:instrument_id>/results/<int:response_id>/share/",
         views_instruments.share, name="instrument_share"),
]
