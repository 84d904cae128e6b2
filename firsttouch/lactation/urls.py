from __future__ import annotations

from django.urls import path

from . import views

app_name = "lactation"

urlpatterns = [
    path("", views.guide_page, name="guide"),
    path("log/", views.log_session, name="log"),
    path("history/", views.history_page, name="history"),
    path("session/<int:pk>/", views.session_page, name="session"),
    path("session/<int:pk>/edit/", views.edit_session, name="edit"),
    path("session/<int:pk>/delete/", views.delete_session, name="delete"),
]
