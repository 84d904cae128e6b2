from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/join/", views.join, name="join"),
    path("sharing/<int:share_id>/stop/", views.revoke, name="revoke"),
    path("sharing/country/", views.country, name="country"),
]
