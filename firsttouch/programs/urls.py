from django.urls import path

from .views import sharing

app_name = "programs"

urlpatterns = [
    path("sharing/", sharing.sharing, name="sharing"),
    path("sharing/join/", sharing.join, name="join"),
    path("sharing/<int:consent_id>/stop/", sharing.revoke, name="revoke"),
    path("sharing/country/", sharing.country, name="country"),
]
