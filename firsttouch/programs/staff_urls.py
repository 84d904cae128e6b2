"""The staff side's routes (mounted at /staff/). Every route here is walked by
tests/test_staff_route_walk.py: one with ``org_id`` must 404 for another organisation's staff,
one with ``family_id`` must 404 without consent and log exactly one read with it."""

from django.urls import path

from .views import alerts, caseload, invitations, staff, twofactor

app_name = "staff"

urlpatterns = [
    path("", staff.home, name="home"),
    path("two-factor/setup/", twofactor.setup, name="setup"),
    path("two-factor/verify/", twofactor.verify, name="verify"),
    path("tokens/<int:token_id>/revoke/", staff.revoke_token, name="revoke_token"),
    path("invitations/<str:token>/", invitations.accept_invitation, name="accept_invitation"),
    path("<int:org_id>/invite/", staff.invite, name="invite"),
    path("<int:org_id>/access-log.csv", staff.access_log, name="access_log"),
    path("<int:org_id>/families/<int:family_id>/", staff.family, name="family"),
    path("<int:org_id>/alerts/", alerts.alert_list, name="alerts"),
    path("<int:org_id>/alerts/<int:alert_id>/", alerts.alert_detail, name="alert"),
    path(
        "<int:org_id>/alerts/<int:alert_id>/acknowledge/",
        alerts.acknowledge,
        name="alert_acknowledge",
    ),
    path(
        "<int:org_id>/alerts/<int:alert_id>/contacts/", alerts.record_contact, name="alert_contact"
    ),
    path("<int:org_id>/alerts/<int:alert_id>/resolve/", alerts.resolve, name="alert_resolve"),
]

urlpatterns += [
    path("<int:org_id>/caseload/", caseload.caseload_page, name="caseload"),
    path("<int:org_id>/families/<int:family_id>/timeline/", caseload.timeline, name="timeline"),
]
