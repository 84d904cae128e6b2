"""The caseload and a family's timeline over the staff API: the pages' rules from the pages'
functions (role, consent, one access-log row per family listed or per timeline read), the
door of the staff routes (404 elsewhere, 403 without a second factor)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from firsttouch.accounts.models import User
from firsttouch.api.tests.helpers import ApiClient
from firsttouch.babies.models import Baby
from firsttouch.programs.consent import give_consent, revoke
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.programs.tests.family_day import NOTE, SLEEP_NOTE, log_a_day
from firsttouch.programs.timeline import PAGE_SIZE
from firsttouch.tracking.models import Note
from tests.cast import PASSWORD, Member
from tests.staff import make_staff, staff_token, verified_client


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


@pytest.fixture
def logged(alice: Member, mia: Baby) -> None:
    log_a_day(alice, mia)


def caseload_url(org: Organisation) -> str:
    return f"/staff/organisations/{org.pk}/caseload"


def timeline_url(org: Organisation, member: Member) -> str:
    return f"/staff/organisations/{org.pk}/families/{member.family.pk}/timeline"


def api_as(clinic: Organisation, role: str) -> ApiClient:
    user = make_staff(clinic, f"{role}@river.test", "Olly Other", role)
    return ApiClient(token=staff_token(user))


# --- The caseload ------------------------------------------------------------------------------


def test_the_caseload_shows_what_the_page_shows_and_logs_one_row_per_family(
    nurse_api: ApiClient,
    nurse: User,
    clinic: Organisation,
    alice: Member,
    bob: Member,
    logged: None,
) -> None:
    give_consent(alice.user, clinic, {"screenings_mood", "notes"})
    give_consent(bob.user, clinic, {"massage_sessions"})
    answer = nurse_api.get(caseload_url(clinic))
    assert answer.status == 200, answer.body
    rows = {r["name"]: r for r in answer.body["results"]}
    assert answer.body["count"] == 2 and set(rows) == {alice.family.name, bob.family.name}
    hers, his = rows[alice.family.name], rows[bob.family.name]
    assert hers["shares"] == ["screenings_mood", "notes"]
    assert hers["epds_band"] == "possible" and hers["epds_at"] is not None
    # Massage is not shared by Alice's family: null, not 0, though Mia has a session.
    assert hers["sessions_week"] is None and hers["sessions_month"] is None
    assert his["shares"] == ["massage_sessions"]
    assert his["epds_band"] is None and (his["sessions_week"], his["sessions_month"]) == (0, 0)
    logged_rows = {r.family_id: (r.categories, r.why) for r in AccessLog.objects.all()}
    assert logged_rows == {
        alice.family.pk: ("notes,screenings_mood", "caseload"),
        bob.family.pk: ("massage_sessions", "caseload"),
    }
    assert all(r.staff == nurse for r in AccessLog.objects.all())
    # The page, read the same way, names the same families.
    html = verified_client(nurse).get(reverse("staff:caseload", args=[clinic.pk])).content
    for name in rows:
        assert escape(name).encode() in html


def test_filters_sort_and_paging_are_the_pages_and_log_only_the_rows_returned(
    nurse_api: ApiClient, clinic: Organisation, alice: Member, bob: Member, mia: Baby
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    give_consent(bob.user, clinic, {"massage_sessions"})
    Note.objects.create(baby=mia, time=timezone.now() - timedelta(hours=1), notes=NOTE)
    noted = nurse_api.get(caseload_url(clinic), {"category": "notes", "sort": "-activity"})
    assert [r["name"] for r in noted.body["results"]] == [alice.family.name]
    assert noted.body["results"][0]["last_activity"] is not None
    assert [r.family_id for r in AccessLog.objects.all()] == [alice.family.pk]
    names = sorted([alice.family.name, bob.family.name], key=str.casefold)
    first = nurse_api.get(caseload_url(clinic), {"limit": 1})
    assert first.body["count"] == 2 and [r["name"] for r in first.body["results"]] == names[:1]
    assert "offset=1" in first.body["next"] and first.body["previous"] is None
    second = nurse_api.get(caseload_url(clinic), {"limit": 1, "offset": 1, "sort": "family"})
    assert [r["name"] for r in second.body["results"]] == names[1:]
    assert AccessLog.objects.count() == 3  # one family per call
    searched = nurse_api.get(caseload_url(clinic), {"q": alice.family.name[:4].lower()})
    assert alice.family.name in [r["name"] for r in searched.body["results"]]


def test_a_bad_sort_or_band_is_422_and_logs_nothing(
    nurse_api: ApiClient, clinic: Organisation, alice: Member
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    for params in ({"sort": "password"}, {"band": "awful"}, {"category": "diary"}):
        answer = nurse_api.get(caseload_url(clinic), params)
        assert answer.status == 422 and set(answer.error["fields"]) == set(params)
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", [StaffRole.CLASS_LEADER, StaffRole.RESEARCHER])
def test_roles_without_a_caseload_get_404(role: str, clinic: Organisation, alice: Member) -> None:
    give_consent(alice.user, clinic, {"notes"})
    answer = api_as(clinic, role).get(caseload_url(clinic))
    assert (answer.status, answer.error["code"]) == (404, "not_found")
    assert not AccessLog.objects.exists()


def test_an_admin_reads_the_caseload(clinic: Organisation, alice: Member) -> None:
    give_consent(alice.user, clinic, {"notes"})
    assert api_as(clinic, StaffRole.ORG_ADMIN).get(caseload_url(clinic)).status == 200
    assert AccessLog.objects.count() == 1


# --- The timeline ------------------------------------------------------------------------------


def test_the_timeline_shows_only_consented_categories_and_logs_one_read(
    nurse_api: ApiClient, nurse: User, clinic: Organisation, alice: Member, logged: None
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    answer = nurse_api.get(timeline_url(clinic, alice))
    assert answer.status == 200, answer.body
    body = answer.body
    assert (body["family"], body["name"], body["shares"]) == (
        alice.family.pk,
        alice.family.name,
        ["baby_logs"],
    )
    titles = [i["title"] for i in body["items"]]
    assert "Sleep (Mia)" in titles and "Nappy (Mia)" in titles
    assert {i["category"] for i in body["items"]} == {"baby_logs"}
    assert SLEEP_NOTE not in str(body) and NOTE not in str(body) and "Tired" not in str(body)
    nappy = next(i for i in body["items"] if i["title"] == "Nappy (Mia)")
    assert nappy["warnings"] and nappy["warnings"][0]["message"]  # the pale stool
    row = AccessLog.objects.get()
    assert (row.staff, row.family_id, row.categories, row.why) == (
        nurse,
        alice.family.pk,
        "baby_logs",
        "family timeline",
    )
    nurse_api.get(timeline_url(clinic, alice), {"why": "alert #3"})
    assert AccessLog.objects.order_by("pk").last().why == "alert #3"  # type: ignore[union-attr]
    assert AccessLog.objects.count() == 2


def test_the_timeline_with_everything_shared_is_newest_first(
    nurse_api: ApiClient, clinic: Organisation, alice: Member, logged: None
) -> None:
    give_consent(alice.user, clinic, {"massage_sessions", "baby_logs", "screenings_mood", "notes"})
    items = nurse_api.get(timeline_url(clinic, alice)).body["items"]
    titles = [i["title"] for i in items]
    assert titles.index("Note (Mia)") < titles.index("Sleep (Mia)")
    assert titles.index("Sleep (Mia)") < titles.index("Massage session (Mia)")
    sleep = next(i for i in items if i["title"] == "Sleep (Mia)")
    assert sleep["notes"] == SLEEP_NOTE
    epds = next(i for i in items if i["title"] == "EPDS screening")
    assert epds["detail"] == "score 12, possible" and epds["who"]
    assert [i["at"] for i in items] == sorted((i["at"] for i in items), reverse=True)


def test_the_timeline_pages_like_the_page(
    nurse_api: ApiClient, clinic: Organisation, alice: Member, mia: Baby
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    now = timezone.now()
    Note.objects.bulk_create(
        Note(baby=mia, time=now - timedelta(minutes=i), notes=f"note number {i:03d}")
        for i in range(PAGE_SIZE + 5)
    )
    first = nurse_api.get(timeline_url(clinic, alice)).body
    assert len(first["items"]) == PAGE_SIZE and first["has_older"] and first["page"] == 1
    older = nurse_api.get(timeline_url(clinic, alice), {"page": 2}).body
    assert older["items"][0]["detail"] == f"note number {PAGE_SIZE:03d}"
    assert len(older["items"]) == 5 and not older["has_older"]
    assert nurse_api.get(timeline_url(clinic, alice), {"page": 0}).status == 422
    assert AccessLog.objects.count() == 2


def test_no_consent_no_timeline_and_no_log(
    nurse_api: ApiClient, clinic: Organisation, alice: Member, bob: Member
) -> None:
    consent = give_consent(alice.user, clinic, {"notes"})
    assert nurse_api.get(timeline_url(clinic, bob)).status == 404
    assert nurse_api.get(timeline_url(clinic, alice)).status == 200
    revoke(consent)
    answer = nurse_api.get(timeline_url(clinic, alice))
    assert (answer.status, answer.error["code"]) == (404, "not_found")
    assert AccessLog.objects.count() == 1


def test_researchers_open_no_timeline(clinic: Organisation, alice: Member) -> None:
    give_consent(alice.user, clinic, {"notes"})
    answer = api_as(clinic, StaffRole.RESEARCHER).get(timeline_url(clinic, alice))
    assert answer.status == 404 and not AccessLog.objects.exists()


# --- The door, for both routes ---------------------------------------------------------------


def test_another_organisations_staff_and_a_family_token_get_404(
    clinic: Organisation, other_clinic: Organisation, alice: Member
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    theirs = ApiClient(token=staff_token(make_staff(other_clinic, "h@hill.test", "Hal Hill")))
    family = ApiClient(alice)
    for client in (theirs, family):
        for path in (caseload_url(clinic), timeline_url(clinic, alice)):
            answer = client.get(path)
            assert (answer.status, answer.error["code"]) == (404, "not_found"), path
    assert not AccessLog.objects.exists()


def test_a_token_without_the_second_factor_is_403(
    nurse: User, clinic: Organisation, alice: Member
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    issued = ApiClient().post("/auth/token", {"username": nurse.email, "password": PASSWORD})
    client = ApiClient(token=issued.body["token"])
    for path in (caseload_url(clinic), timeline_url(clinic, alice)):
        answer = client.get(path)
        assert (answer.status, answer.error["code"]) == (403, "two_factor_required")
    assert not AccessLog.objects.exists()
