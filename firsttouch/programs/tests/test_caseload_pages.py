"""The caseload page and a family's timeline: consent, roles, the access log, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from firsttouch.babies.models import Baby
from firsttouch.programs.consent import give_consent, revoke
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.programs.tests.family_day import NOTE, SLEEP_NOTE, log_a_day
from firsttouch.programs.timeline import PAGE_SIZE
from firsttouch.tracking.models import Note
from tests.cast import Member
from tests.staff import make_staff, verified_client


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


@pytest.fixture
def logged(alice: Member, mia: Baby) -> None:
    log_a_day(alice, mia)


def timeline_url(clinic: Organisation, member: Member) -> str:
    return reverse("staff:timeline", args=[clinic.pk, member.family.pk])


def get(clinic: Organisation, url: str, role: str = StaffRole.CLINICIAN) -> tuple[int, str]:
    nurse = make_staff(clinic, f"{role}@river.test", "Nina Nurse", role)
    reply = verified_client(nurse).get(url)
    return reply.status_code, reply.content.decode()


# --- caseload -------------------------------------------------------------------------------


def test_the_caseload_lists_sharing_families_and_logs_one_row_each(
    alice: Member, bob: Member, clinic: Organisation, logged: None
) -> None:
    give_consent(alice.user, clinic, {"screenings_mood", "notes"})
    give_consent(bob.user, clinic, {"massage_sessions"})
    status, html = get(clinic, reverse("staff:caseload", args=[clinic.pk]))
    assert status == 200
    assert escape(alice.family.name) in html and escape(bob.family.name) in html
    assert "Possible" in html and timeline_url(clinic, alice) in html
    rows = {r.family_id: r.categories for r in AccessLog.objects.all()}
    assert rows == {alice.family.pk: "notes,screenings_mood", bob.family.pk: "massage_sessions"}


def test_the_caseload_logs_only_the_families_it_shows(
    alice: Member, bob: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    give_consent(bob.user, clinic, {"massage_sessions"})
    url = reverse("staff:caseload", args=[clinic.pk]) + "?category=notes&sort=-activity"
    status, html = get(clinic, url)
    assert status == 200 and escape(bob.family.name) not in html
    assert [r.family_id for r in AccessLog.objects.all()] == [alice.family.pk]
    assert 'aria-sort="descending"' in html


def test_a_bad_sort_is_a_422_that_reads_and_logs_nothing(
    alice: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    status, html = get(clinic, reverse("staff:caseload", args=[clinic.pk]) + "?sort=password")
    assert status == 422 and "Sort by one of" in html
    assert escape(alice.family.name) not in html
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (StaffRole.CLINICIAN, 200),
        (StaffRole.ORG_ADMIN, 200),
        (StaffRole.CLASS_LEADER, 404),
        (StaffRole.RESEARCHER, 404),
    ],
)
def test_who_sees_the_caseload(
    alice: Member, clinic: Organisation, role: str, expected: int
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    status, _ = get(clinic, reverse("staff:caseload", args=[clinic.pk]), role)
    assert status == expected
    assert AccessLog.objects.count() == (1 if expected == 200 else 0)


# --- timeline -------------------------------------------------------------------------------


def test_the_timeline_shows_only_the_consented_categories(
    alice: Member, clinic: Organisation, logged: None
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    status, html = get(clinic, timeline_url(clinic, alice))
    assert status == 200
    assert "Sleep (Mia)" in html and "Red flag" in html  # the pale stool
    assert SLEEP_NOTE not in html and NOTE not in html  # no notes consent: no free text
    assert "Massage session" not in html and "EPDS" not in html and "Mood" not in html


def test_the_timeline_with_everything_shared(
    alice: Member, clinic: Organisation, logged: None
) -> None:
    give_consent(alice.user, clinic, {"massage_sessions", "baby_logs", "screenings_mood", "notes"})
    status, html = get(clinic, timeline_url(clinic, alice))
    assert status == 200
    for seen in (NOTE, SLEEP_NOTE, "Massage session (Mia)", "EPDS screening", "score 12, possible"):
        assert seen in html
    assert "Tired" in html  # her mood note: she shares her notes too
    # newest first: the note (an hour ago) before the sleep (five hours ago)
    assert html.index(NOTE) < html.index("Sleep (Mia)") < html.index("Massage session (Mia)")


def test_a_partners_consent_shows_no_screening_of_hers(
    alice: Member, dan: Member, clinic: Organisation, logged: None
) -> None:
    give_consent(dan.user, clinic, {"screenings_mood", "notes"})
    status, html = get(clinic, timeline_url(clinic, alice))
    assert status == 200 and NOTE in html
    assert "EPDS" not in html and "Tired" not in html


def test_a_view_writes_one_row_with_the_categories_shown(
    alice: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"notes", "baby_logs"})
    get(clinic, timeline_url(clinic, alice) + "?why=alert%20%233")
    row = AccessLog.objects.get()
    assert (row.family_id, row.categories, row.why) == (
        alice.family.pk,
        "baby_logs,notes",
        "alert #3",
    )


def test_the_timeline_is_gone_after_revocation(alice: Member, clinic: Organisation) -> None:
    consent = give_consent(alice.user, clinic, {"notes"})
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    client = verified_client(nurse)
    assert client.get(timeline_url(clinic, alice)).status_code == 200
    revoke(consent)
    assert client.get(timeline_url(clinic, alice)).status_code == 404
    assert AccessLog.objects.count() == 1


def test_bob_s_family_is_a_404_without_his_consent(
    alice: Member, bob: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    status, _ = get(clinic, timeline_url(clinic, bob))
    assert status == 404 and not AccessLog.objects.exists()


def test_researchers_do_not_open_timelines(alice: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"notes"})
    status, _ = get(clinic, timeline_url(clinic, alice), StaffRole.RESEARCHER)
    assert status == 404 and not AccessLog.objects.exists()


def test_the_timeline_pages_older_items(alice: Member, mia: Baby, clinic: Organisation) -> None:
    now = timezone.now()
    Note.objects.bulk_create(
        Note(baby=mia, time=now - timedelta(minutes=i), notes=f"note number {i:03d}")
        for i in range(PAGE_SIZE + 5)
    )
    give_consent(alice.user, clinic, {"notes"})
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    client = verified_client(nurse)
    first = client.get(timeline_url(clinic, alice)).content.decode()
    assert "note number 000" in first and f"note number {PAGE_SIZE - 1:03d}" in first
    assert f"note number {PAGE_SIZE:03d}" not in first and "?page=2" in first
    second = client.get(timeline_url(clinic, alice) + "?page=2").content.decode()
    assert f"note number {PAGE_SIZE:03d}" in second and "note number 000" not in second
    assert f"note number {PAGE_SIZE + 4:03d}" in second and "?page=3" not in second
    assert AccessLog.objects.count() == 2


def test_the_family_summary_links_to_the_timeline(alice: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"notes"})
    _, html = get(clinic, reverse("staff:family", args=[clinic.pk, alice.family.pk]))
    assert timeline_url(clinic, alice) in html
