from django.urls import path

from .views import instruments, screening

app_name = "wellbeing"

urlpatterns = [
    path("", screening.overview, name="overview"),
    path("epds/", screening.epds_form, name="epds"),
    path("history/", screening.history, name="history"),
    path("history/share/", screening.share_all, name="share_all"),
    path("checks/<int:response_id>/", screening.result, name="result"),
    path("checks/<int:response_id>/share/", screening.share, name="share"),
    path("questionnaires/<slug:instrument_id>/", instruments.take, name="instrument"),
    path(
        "questionnaires/<slug:instrument_id>/history/",
        instruments.history,
        name="instrument_history",
    ),
    path(
        "questionnaires/<slug:instrument_id>/results/<int:response_id>/",
        instruments.result,
        name="instrument_result",
    ),
    path(
        "questionnaires/<slug:instrument_id>/results/<int:response_id>/share/",
        instruments.share,
        name="instrument_share",
    ),
]
