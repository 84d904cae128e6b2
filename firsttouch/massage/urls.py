from __future__ import annotations

from django.urls import path

from . import views, views_log

app_name = "massage"

# Fixed paths come before <slug:slug>/ (content.RESERVED_SLUGS keeps routines off them).
urlpatterns = [
    path("", views.library_page, name="library"),
    path("sessions/", views_log.sessions, name="sessions"),
    path("log/", views_log.log_afterwards, name="log_afterwards"),
    path("device/", views_log.device, name="device"),
    path("session/<int:pk>/play/", views.play, name="play"),
    path("session/<int:pk>/finish/", views.finish, name="finish"),
    path("session/<int:pk>/stop/", views.stop, name="stop"),
    path("session/<int:pk>/log/", views_log.log_session, name="log_session"),
    path("session/<int:pk>/edit/", views_log.edit_session, name="edit_session"),
    path("session/<int:pk>/delete/", views_log.delete_session, name="delete_session"),
    path("<slug:slug>/", views.routine_detail, name="routine"),
    path("<slug:slug>/start/", views.start, name="start"),
]
