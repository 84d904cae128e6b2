from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.due, name="due"),
    path("settings/", views.settings_page, name="settings"),
    path("calendar/new/", views.feed_create, name="feed_create"),
    path("calendar/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("push/status/", views.push_status, name="push_status"),
    path("push/test/", views.push_test, name="push_test"),
    path("<str:key>/snooze/", views.snooze, name="snooze"),
    path("<str:key>/decline/", views.decline, name="decline"),
]
