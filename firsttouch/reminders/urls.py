from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.due, name="due"),
    path("settings/", views.settings_page, name="settings"),
    path("calendar/new/", views.feed_create, name="feed_create"),
    path("calendar/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("<str:key>/snooze/", views.snooze, name="snooze"),
    path("<str:key>/decline/", views.decline, name="decline"),
]
