from django.urls import path

from . import views

app_name = "massage"

urlpatterns = [
    path("", views.library, name="library"),
]
