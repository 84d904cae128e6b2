from __future__ import annotations

from django.urls import path

from . import views

app_name = "selfcare"

urlpatterns = [
    path("", views.today, name="today"),
    path("mood/", views.save_mood, name="mood"),
    path("care/", views.toggle_care, name="care"),
    path("sleep/", views.save_sleep, name="sleep"),
    path("symptom/", views.toggle_symptom, name="symptom"),
]
