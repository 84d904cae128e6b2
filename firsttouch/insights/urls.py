from django.urls import URLPattern, path

from . import views

app_name = "insights"

urlpatterns: list[URLPattern] = [
    path("<int:baby_id>/", views.baby, name="baby"),
]
