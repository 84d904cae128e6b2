"""The roster read and one session's register, as the course page and the staff API share
them, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.courses import services
from firsttouch.courses.models import Attendance, Course, CourseSession
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog
from tests.cast import Member


def meeting(course: Course, days: int) -> CourseSession:
    start = timezone.now() + timedelta(days=days)
    return CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Hall"
    )


def test_reading_the_roster_logs_only_families_whose_practice_is_shown(
    course: Course, leader: User, alice: Member, bob: Member
) -> None:
    give_consent(alice.user, course.organisation, {"massage_sessions"})
    give_consent(bob.user, course.organisation, {"notes"})
    services.enrol(course, alice.family)
    services.enrol(course, bob.family)
    rows = services.read_roster(course, leader)
    assert [r.adherence.shared for r in rows] == [True, False]
    row = AccessLog.objects.get()
    assert (row.staff, row.family_id, row.why) == (leader, alice.family.pk, "roster")


def test_a_register_is_saved_only_for_a_class_that_met_and_current_enrolments(
    course: Course, leader: User, alice: Member, bob: Member
) -> None:
    for member in (alice, bob):
        give_consent(member.user, course.organisation, {"notes"})
    hers, his = services.enrol(course, alice.family), services.enrol(course, bob.family)
    with pytest.raises(services.CourseError, match="not started yet"):
        services.record_session_register(meeting(course, 7), {hers.pk}, leader)
    met = meeting(course, -1)
    services.leave(his)
    with pytest.raises(services.CourseError, match=str(his.pk)):
        services.record_session_register(met, {hers.pk, his.pk}, leader)
    assert not Attendance.objects.exists()
    saved = services.record_session_register(met, {hers.pk}, leader)
    assert [(a.enrolment_id, a.present) for a in saved] == [(hers.pk, True)]
