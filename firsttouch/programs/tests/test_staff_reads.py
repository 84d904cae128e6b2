"""The reads the caseload and timeline pages share with the staff API, without HTTP: a window
of the caseload is the page's rows, and a timeline read is one access-log row or nothing."""

from __future__ import annotations

import pytest

from firsttouch.programs import caseload
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation, StaffMembership, StaffRole
from firsttouch.programs.timeline import read_timeline
from tests.cast import Member
from tests.staff import make_staff


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


def membership(clinic: Organisation, role: str) -> StaffMembership:
    user = make_staff(clinic, f"{role}@river.test", "Nina Nurse", role)
    return StaffMembership.objects.get(user=user, organisation=clinic)


@pytest.mark.parametrize("sort", ["family", "-family", "activity", "-band"])
def test_a_window_of_the_caseload_is_the_pages_rows(
    clinic: Organisation, alice: Member, bob: Member, dan: Member, sort: str
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    give_consent(bob.user, clinic, {"massage_sessions", "screenings_mood"})
    whole = [r.family_id for r in caseload.caseload(clinic, sort=sort)]
    count, first = caseload.caseload_window(clinic, sort=sort, offset=0, limit=1)
    _, rest = caseload.caseload_window(clinic, sort=sort, offset=1, limit=5)
    assert count == len(whole) == 2
    assert [r.family_id for r in first + rest] == whole
    page = caseload.caseload_page(clinic, sort=sort, number=2, per_page=1)
    assert [r.family_id for r in page] == [r.family_id for r in rest]
    assert not AccessLog.objects.exists()  # reading rows is not the read: record_read is


def test_record_read_writes_one_row_per_family_shown(clinic: Organisation, alice: Member) -> None:
    give_consent(alice.user, clinic, {"notes"})
    nurse = membership(clinic, StaffRole.CLINICIAN)
    _, rows = caseload.caseload_window(clinic)
    caseload.record_read(nurse.user, clinic, rows)
    row = AccessLog.objects.get()
    assert (row.family_id, row.categories, row.what) == (alice.family.pk, "notes", "caseload")


def test_a_timeline_read_is_one_row_or_nothing(
    clinic: Organisation, alice: Member, bob: Member
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    nurse = membership(clinic, StaffRole.CLINICIAN)
    researcher = membership(clinic, StaffRole.RESEARCHER)
    assert read_timeline(nurse, nurse.user, bob.family.pk) is None  # shares nothing
    assert read_timeline(nurse, nurse.user, 987654) is None
    assert read_timeline(researcher, researcher.user, alice.family.pk) is None
    assert not AccessLog.objects.exists()
    shown = read_timeline(nurse, nurse.user, alice.family.pk, page=2, why="alert #4")
    assert shown is not None and shown.page == 2 and shown.categories == {"notes"}
    row = AccessLog.objects.get()
    assert (row.what, row.why) == (f"family timeline #{alice.family.pk} page 2", "alert #4")
