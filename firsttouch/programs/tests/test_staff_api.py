"""The staff API: a staff token needs the second factor, and the alert queue's routes keep the
pages' rules (role and organisation 404s, family details within consent, one access-log row
per read, lifecycle refusals as 422 in the one error shape)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from firsttouch.accounts.models import ApiToken, User
from firsttouch.api.tests.helpers import ApiClient
from firsttouch.programs import twofactor
from firsttouch.programs.consent import active_consent, give_consent, revoke
from firsttouch.programs.models import (
    AccessLog,
    Alert,
    AlertContact,
    AlertKind,
    AlertPriority,
    Organisation,
    StaffMembership,
    StaffRole,
)
from tests.cast import PASSWORD, Member
from tests.staff import current_code, device_for, make_staff, staff_token, verified_client


@pytest.fixture
def clinic(alice: Member) -> Organisation:
    org = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, org, {"screenings_mood", "baby_logs"})
    return org


def alert_for(clinic: Organisation, member: Member, **fields: Any) -> Alert:
    values: dict[str, Any] = {
        "respondent": member.user,
        "response_id": 5,
        "family_id": member.family.pk,
        "created_at": timezone.now() - timedelta(minutes=20),
    }
    return Alert.objects.create(organisation=clinic, **(values | fields))


def alerts_url(org: Organisation, alert: Alert | None = None, action: str = "") -> str:
    url = f"/staff/organisations/{org.pk}/alerts"
    if alert is not None:
        url += f"/{alert.pk}"
    return f"{url}/{action}" if action else url


def ask_token(body: dict[str, Any]) -> Any:
    return ApiClient().post("/staff/token", body)


# --- The staff token --------------------------------------------------------------------------


def test_a_staff_token_needs_the_password_and_a_current_code(nurse: User) -> None:
    code = current_code(device_for(nurse))
    answer = ask_token({"username": nurse.email, "password": PASSWORD, "code": code})
    assert answer.status == 201, answer.body
    token = ApiToken.objects.get(user=nurse)
    assert token.second_factor_at is not None and token.name == "Staff API token"


def test_without_a_code_no_staff_token_is_issued(nurse: User) -> None:
    device_for(nurse)
    answer = ask_token({"username": nurse.email, "password": PASSWORD})
    assert answer.status == 422
    assert "code" in answer.error["fields"]
    assert not ApiToken.objects.exists()


def test_a_wrong_code_is_401_and_counts_against_the_throttle(nurse: User, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    device = device_for(nurse)
    for _ in range(2):
        wrong = ask_token({"username": nurse.email, "password": PASSWORD, "code": "000000"})
        assert wrong.status == 401 and wrong.error["code"] == "wrong_code"
    right = ask_token({"username": nurse.email, "password": PASSWORD, "code": current_code(device)})
    assert right.status == 429 and int(right.headers["Retry-After"]) > 0
    assert not ApiToken.objects.exists()


def test_a_wrong_password_with_a_right_code_is_401(nurse: User) -> None:
    code = current_code(device_for(nurse))
    answer = ask_token({"username": nurse.email, "password": "not it", "code": code})
    assert (answer.status, answer.error["code"]) == (401, "wrong_credentials")
    assert not ApiToken.objects.exists()


def test_staff_without_two_factor_set_up_get_no_token(nurse: User) -> None:
    answer = ask_token({"username": nurse.email, "password": PASSWORD, "code": "123456"})
    assert (answer.status, answer.error["code"]) == (403, "two_factor_not_set_up")
    assert not ApiToken.objects.exists()


def test_a_family_account_gets_no_staff_token(alice: Member) -> None:
    answer = ask_token({"username": alice.user.email, "password": PASSWORD, "code": "123456"})
    assert (answer.status, answer.error["code"]) == (403, "not_staff")
    assert not ApiToken.objects.exists()


def test_a_recovery_code_issues_one_staff_token_once(nurse: User) -> None:
    device_for(nurse)
    code = twofactor.new_recovery_codes(nurse)[0]
    body = {"username": nurse.email, "password": PASSWORD, "code": code}
    assert ask_token(body).status == 201
    assert ask_token(body).status == 401
    assert ApiToken.objects.filter(user=nurse).count() == 1


def test_a_password_only_token_never_reads_staff_routes(
    nurse: User, clinic: Organisation, alice: Member
) -> None:
    device_for(nurse)
    alert = alert_for(clinic, alice)
    password_only = ApiClient().post("/auth/token", {"username": nurse.email, "password": PASSWORD})
    assert password_only.status == 201
    client = ApiClient(token=password_only.body["token"])
    for answer in (client.get(alerts_url(clinic)), client.get(alerts_url(clinic, alert))):
        assert (answer.status, answer.error["code"]) == (403, "two_factor_required")
    assert not AccessLog.objects.exists()


def test_a_staff_token_stops_when_the_authenticator_is_removed(
    nurse_api: ApiClient, nurse: User, clinic: Organisation
) -> None:
    assert nurse_api.get(alerts_url(clinic)).status == 200
    TOTPDevice.objects.filter(user=nurse).delete()
    assert nurse_api.get(alerts_url(clinic)).error["code"] == "two_factor_required"


def test_leaving_the_organisation_ends_a_staff_token_at_once(
    nurse_api: ApiClient, nurse: User, clinic: Organisation
) -> None:
    assert nurse_api.get(alerts_url(clinic)).status == 200
    StaffMembership.objects.filter(user=nurse).update(ended_at=timezone.now())
    assert nurse_api.get(alerts_url(clinic)).status == 404


def test_a_verified_session_works_and_an_unverified_one_does_not(
    nurse: User, clinic: Organisation
) -> None:
    assert verified_client(nurse).get(f"/api/v1{alerts_url(clinic)}").status_code == 200
    plain = ApiClient()
    plain.client.force_login(nurse)
    assert plain.get(alerts_url(clinic)).status == 403


# --- The queue --------------------------------------------------------------------------------


def test_the_list_filters_pages_and_logs_no_read(
    nurse_api: ApiClient, clinic: Organisation, alice: Member, nurse: User
) -> None:
    urgent = alert_for(clinic, alice, priority=AlertPriority.URGENT)
    routine = alert_for(
        clinic, alice, response_id=6, kind=AlertKind.EPDS_HIGH, priority=AlertPriority.ROUTINE
    )
    seen = alert_for(clinic, alice, response_id=7, acknowledged_at=timezone.now())
    seen.acknowledged_by = nurse
    seen.save()
    everything = nurse_api.get(alerts_url(clinic))
    assert everything.status == 200
    assert [a["id"] for a in everything.body["results"]] == [urgent.pk, routine.pk, seen.pk]
    first = everything.body["results"][0]
    assert first["family"] == alice.family.pk and first["status"] == "open"
    assert "shared_family" not in first and alice.user.email not in str(everything.body)
    assert everything.body["results"][2]["acknowledged_by"] == "Nina Nurse"
    by_status = nurse_api.get(alerts_url(clinic), {"status": "acknowledged"}).body
    assert [a["id"] for a in by_status["results"]] == [seen.pk]
    by_kind = nurse_api.get(alerts_url(clinic), {"kind": "epds_high"}).body
    assert [a["id"] for a in by_kind["results"]] == [routine.pk]
    by_priority = nurse_api.get(alerts_url(clinic), {"priority": "urgent"}).body
    assert [a["id"] for a in by_priority["results"]] == [urgent.pk, seen.pk]
    both = nurse_api.get(alerts_url(clinic), {"priority": "urgent", "status": "open"}).body
    assert [a["id"] for a in both["results"]] == [urgent.pk]
    paged = nurse_api.get(alerts_url(clinic), {"limit": 1, "offset": 1}).body
    assert paged["count"] == 3 and [a["id"] for a in paged["results"]] == [routine.pk]
    assert "offset=2" in paged["next"] and "offset=0" in paged["previous"]
    assert not AccessLog.objects.exists()


def test_an_unknown_filter_value_is_422(nurse_api: ApiClient, clinic: Organisation) -> None:
    answer = nurse_api.get(alerts_url(clinic), {"status": "lost"})
    assert answer.status == 422 and "status" in answer.error["fields"]


def test_reading_an_alert_shows_the_family_and_logs_one_read(
    nurse_api: ApiClient, clinic: Organisation, alice: Member, nurse: User
) -> None:
    alert = alert_for(clinic, alice)
    AlertContact.objects.create(
        alert=alert, method="phone", contacted_at=timezone.now(), outcome="No answer", by=nurse
    )
    answer = nurse_api.get(alerts_url(clinic, alert))
    assert answer.status == 200, answer.body
    assert answer.body["shared_family"]["name"] == alice.family.name
    assert answer.body["shared_family"]["caregiver_email"] == alice.user.email
    assert [c["outcome"] for c in answer.body["contacts"]] == ["No answer"]
    log = AccessLog.objects.get()
    assert (log.staff, log.family_id, log.why) == (nurse, alice.family.pk, "follow-up")
    assert log.categories == "screenings_mood"
    nurse_api.get(alerts_url(clinic, alert))
    assert AccessLog.objects.count() == 2


def test_without_consent_the_family_is_hidden_but_the_read_is_logged(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    consent = active_consent(alice.user, clinic)
    assert consent is not None
    revoke(consent)
    answer = nurse_api.get(alerts_url(clinic, alert))
    assert answer.status == 200
    assert answer.body["shared_family"] is None
    assert alice.family.name not in str(answer.body) and alice.user.email not in str(answer.body)
    assert AccessLog.objects.count() == 1


def test_another_organisations_alerts_are_404(
    nurse_api: ApiClient, clinic: Organisation, other_clinic: Organisation, alice: Member
) -> None:
    theirs = alert_for(other_clinic, alice)
    for path in (alerts_url(other_clinic), alerts_url(other_clinic, theirs)):
        answer = nurse_api.get(path)
        assert (answer.status, answer.error["code"]) == (404, "not_found")
    # Their alert's id under our organisation's path is no better.
    assert nurse_api.get(alerts_url(clinic, theirs)).status == 404
    assert nurse_api.post(alerts_url(clinic, theirs, "acknowledge")).status == 404
    theirs.refresh_from_db()
    assert theirs.acknowledged_at is None and not AccessLog.objects.exists()


@pytest.mark.parametrize("role", [StaffRole.CLASS_LEADER, StaffRole.RESEARCHER])
def test_roles_that_do_not_work_the_queue_get_404(
    role: str, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    api = ApiClient(token=staff_token(make_staff(clinic, "other@river.test", "Olly Other", role)))
    assert api.get(alerts_url(clinic)).status == 404
    assert api.get(alerts_url(clinic, alert)).status == 404
    assert api.post(alerts_url(clinic, alert, "acknowledge")).status == 404
    note = {"note": "Called her"}
    assert api.post(alerts_url(clinic, alert, "resolve"), note).status == 404
    alert.refresh_from_db()
    assert alert.status == "open" and not AccessLog.objects.exists()


def test_a_family_token_finds_no_staff_routes(alice: Member, clinic: Organisation) -> None:
    answer = ApiClient(alice).get(alerts_url(clinic))
    assert (answer.status, answer.error["code"]) == (404, "not_found")


def test_an_admin_works_the_queue_too(clinic: Organisation, alice: Member) -> None:
    alert = alert_for(clinic, alice)
    admin = make_staff(clinic, "admin@river.test", "Ada Admin", StaffRole.ORG_ADMIN)
    answer = ApiClient(token=staff_token(admin)).get(alerts_url(clinic, alert))
    assert answer.status == 200


# --- The lifecycle ----------------------------------------------------------------------------


def test_acknowledging_says_who_and_a_resolved_alert_refuses_it(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    answer = nurse_api.post(alerts_url(clinic, alert, "acknowledge"))
    assert answer.status == 200, answer.body
    assert (
        answer.body["status"] == "acknowledged" and answer.body["acknowledged_by"] == "Nina Nurse"
    )
    done = nurse_api.post(alerts_url(clinic, alert, "resolve"), {"note": "Spoke to her"})
    assert done.status == 200 and done.body["status"] == "resolved"
    again = nurse_api.post(alerts_url(clinic, alert, "acknowledge"))
    assert (again.status, again.error["code"]) == (422, "alert_refused")
    assert "was resolved on" in again.error["message"]
    assert not AccessLog.objects.exists()


def test_recording_a_contact_acknowledges_the_alert(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    when = timezone.now() - timedelta(minutes=5)
    body = {"method": "phone", "contacted_at": when.isoformat(), "outcome": " Left a message "}
    answer = nurse_api.post(alerts_url(clinic, alert, "contacts"), body)
    assert answer.status == 201, answer.body
    assert answer.body["outcome"] == "Left a message" and answer.body["by"] == "Nina Nurse"
    contact = AlertContact.objects.get()
    assert contact.contacted_at == when and contact.method == "phone"
    alert.refresh_from_db()
    assert alert.status == "acknowledged"


def test_a_contact_time_without_an_offset_is_read_in_the_servers_zone(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    when = timezone.localtime() - timedelta(minutes=3)
    naive = when.replace(tzinfo=None, microsecond=0)
    body = {"method": "phone", "contacted_at": naive.isoformat(), "outcome": "Spoke"}
    answer = nurse_api.post(alerts_url(clinic, alert, "contacts"), body)
    assert answer.status == 201, answer.body
    assert AlertContact.objects.get().contacted_at == when.replace(microsecond=0)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"contacted_at": (timezone.now() + timedelta(hours=2)).isoformat()}, "in the future"),
        ({"contacted_at": (timezone.now() - timedelta(days=2)).isoformat()}, "before the alert"),
        ({"outcome": "   "}, "Say what came of the contact"),
    ],
)
def test_a_contact_the_lifecycle_refuses_is_422_and_saves_nothing(
    nurse_api: ApiClient, clinic: Organisation, alice: Member, change: dict[str, str], says: str
) -> None:
    alert = alert_for(clinic, alice)
    body = {"method": "phone", "contacted_at": timezone.now().isoformat(), "outcome": "Spoke"}
    answer = nurse_api.post(alerts_url(clinic, alert, "contacts"), body | change)
    assert (answer.status, answer.error["code"]) == (422, "alert_refused")
    assert says in answer.error["message"]
    assert not AlertContact.objects.exists()
    alert.refresh_from_db()
    assert alert.status == "open"


def test_a_contact_of_the_wrong_shape_is_422_with_fields(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    body = {"method": "pigeon", "contacted_at": "yesterday", "outcome": "x" * 2001}
    answer = nurse_api.post(alerts_url(clinic, alert, "contacts"), body)
    assert answer.status == 422
    assert {"method", "contacted_at", "outcome"} <= set(answer.error["fields"])
    assert not AlertContact.objects.exists()


def test_resolving_needs_a_note_and_happens_once(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    blank = nurse_api.post(alerts_url(clinic, alert, "resolve"), {"note": "  "})
    assert (blank.status, blank.error["code"]) == (422, "alert_refused")
    assert "Say how the alert was resolved" in blank.error["message"]
    assert nurse_api.post(alerts_url(clinic, alert, "resolve"), {"note": "Seen"}).status == 200
    alert.refresh_from_db()
    assert alert.resolution_note == "Seen" and alert.resolved_by is not None
    second = nurse_api.post(alerts_url(clinic, alert, "resolve"), {"note": "Again"})
    assert second.status == 422
    alert.refresh_from_db()
    assert alert.resolution_note == "Seen"


def test_a_retried_contact_with_its_key_is_recorded_once(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    alert = alert_for(clinic, alice)
    body = {"method": "video", "contacted_at": timezone.now().isoformat(), "outcome": "Spoke"}
    first = nurse_api.post(alerts_url(clinic, alert, "contacts"), body, **{"Idempotency-Key": "k1"})
    again = nurse_api.post(alerts_url(clinic, alert, "contacts"), body, **{"Idempotency-Key": "k1"})
    assert first.status == 201 and (again.status, again.body) == (201, first.body)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert AlertContact.objects.count() == 1
