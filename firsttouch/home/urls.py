from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("baby/<int:baby_id>/", views.baby, name="baby"),
    path("baby/<int:baby_id>/charts/", views.charts, name="baby-charts"),
]
