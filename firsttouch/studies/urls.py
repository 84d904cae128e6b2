from django.urls import path

from .views import family

app_name = "studies"

urlpatterns = [
    path("", family.studies, name="studies"),
    path("invitations/<int:invitation_id>/", family.invitation, name="invitation"),
    path("invitations/<int:invitation_id>/decline/", family.decline, name="decline"),
]
