from django.urls import path

from . import views

app_name = "babies"

urlpatterns = [
    path("add/", views.add, name="add"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
