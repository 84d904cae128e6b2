"""A family that deletes its account leaves nothing here; the organisation keeps its course."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from firsttouch.accounts.models import User
from firsttouch.babies.models import Baby
from firsttouch.courses import services, tasks
from firsttouch.courses.models import (
    Attendance,
    ClassReminder,
    Course,
    CourseSession,
    Enrolment,
    NicuProgramme,
)
from firsttouch.portability import deletion
from firsttouch.programs.consent import give_consent
from tests.cast import Member


def test_deleting_her_account_removes_enrolment_attendance_reminders_and_programme(
    course: Course, session: CourseSession, leader: User, alice: Member, mia: Baby
) -> None:
    give_consent(alice.user, course.organisation, {"massage_sessions"})
    enrolment = services.enrol(course, alice.family)
    services.record_attendance(session, {enrolment.pk}, leader)
    assert tasks.send_due() == 1
    NicuProgramme.objects.create(
        organisation=course.organisation,
        family=alice.family,
        baby=mia,
        routine_slug="preterm-gentle-touch",
        started_on=date(2026, 11, 16),
    )
    family_id, user_id = alice.family.pk, alice.user.pk
    deletion.delete_account(alice.user)
    assert not Enrolment.objects.filter(Q(family_id=family_id) | Q(caregiver_id=user_id)).exists()
    assert not Attendance.objects.exists()
    assert not ClassReminder.objects.exists()
    assert not NicuProgramme.objects.filter(family_id=family_id).exists()
    assert Course.objects.filter(pk=course.pk).exists()
