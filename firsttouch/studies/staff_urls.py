"""Staff routes of studies, mounted at /staff/<org_id>/studies/ (so every one names the
organisation). Walked by studies/tests/test_staff_route_walk.py."""

from django.urls import path

from .views import staff

app_name = "studies_staff"

urlpatterns = [
    path("", staff.index, name="index"),
    path("<int:study_id>/", staff.study, name="study"),
    path("<int:study_id>/invite/", staff.invite, name="invite"),
    path("<int:study_id>/completeness/", staff.completeness, name="completeness"),
    path("<int:study_id>/analysis/", staff.analysis, name="analysis"),
    path("<int:study_id>/analysis.pdf", staff.analysis_pdf, name="analysis_pdf"),
    path("<int:study_id>/exports/", staff.exports, name="exports"),
    path(
        "<int:study_id>/participants/<int:participant_id>/",
        staff.participant,
        name="participant",
    ),
    path(
        "<int:study_id>/participants/<int:participant_id>/withdraw/",
        staff.withdraw,
        name="withdraw",
    ),
    path(
        "<int:study_id>/participants/<int:participant_id>/deviations/",
        staff.deviation,
        name="deviation",
    ),
]
