from django.urls import path

from . import views

app_name = "tracking"

urlpatterns = [
    path("", views.log, name="log"),
    path("timers/", views.timers, name="timers"),
    path("undo/", views.undo, name="undo"),
    path("nappy/tap/", views.nappy_tap, name="nappy_tap"),
    path("feed/<int:pk>/switch/", views.switch_side, name="switch_side"),
    path("<slug:kind>/<int:pk>/undo/", views.undo_save, name="undo_save"),
    path("growth/charts/", views.growth_charts, name="growth_charts"),
    path("<slug:kind>/", views.entry_list, name="list"),
    path("<slug:kind>/new/", views.add, name="add"),
    path("<slug:kind>/start/", views.start, name="start"),
    path("<slug:kind>/<int:pk>/", views.edit, name="edit"),
    path("<slug:kind>/<int:pk>/stop/", views.stop, name="stop"),
    path("<slug:kind>/<int:pk>/delete/", views.delete, name="delete"),
]
