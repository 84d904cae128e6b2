"""Staff routes for classes and NICU programmes, mounted at /staff/<org_id>/courses/ (so every
one names the organisation). Walked by tests/test_staff_route_walk.py like programs' routes."""

from django.urls import path

from .views import staff

app_name = "courses_staff"

urlpatterns = [
    path("", staff.index, name="index"),
    path("new/", staff.course_new, name="course_new"),
    path("<int:course_id>/", staff.course, name="course"),
    path("<int:course_id>/edit/", staff.course_edit, name="course_edit"),
    path("<int:course_id>/sessions/", staff.session_new, name="session_new"),
    path("<int:course_id>/enrol/", staff.enrol, name="enrol"),
    path("<int:course_id>/attendance/", staff.attendance, name="attendance"),
    path("<int:course_id>/families/<int:family_id>/", staff.course_family, name="course_family"),
    path("nicu/new/<int:family_id>/", staff.nicu_new, name="nicu_new"),
    path("nicu/<int:programme_id>/", staff.nicu, name="nicu"),
]
