"""The family's classes page (mounted at /classes/)."""

from django.urls import path

from .views import family

app_name = "courses"

urlpatterns = [
    path("", family.classes, name="classes"),
    path("<int:enrolment_id>/leave/", family.leave, name="leave"),
]
