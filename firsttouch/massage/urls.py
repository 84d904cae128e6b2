from __future__ import annotations

from django.urls import path

from .views import guided, log

app_name = "massage"

# Fixed paths come before <slug:slug>/ (content.RESERVED_SLUGS keeps routines off them).
urlpatterns = [
    path("", guided.library_page, name="library"),
    path("sessions/", log.sessions, name="sessions"),
    path("log/", log.log_afterwards, name="log_afterwards"),
    path("device/", log.device, name="device"),
    path("session/<int:pk>/play/", guided.play, name="play"),
    path("session/<int:pk>/finish/", guided.finish, name="finish"),
    path("session/<int:pk>/stop/", guided.stop, name="stop"),
    path("session/<int:pk>/log/", log.log_session, name="log_session"),
    path("session/<int:pk>/edit/", log.edit_session, name="edit_session"),
    path("session/<int:pk>/delete/", log.delete_session, name="delete_session"),
    path("<slug:slug>/", guided.routine_detail, name="routine"),
    path("<slug:slug>/start/", guided.start, name="start"),
]
