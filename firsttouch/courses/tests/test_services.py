"""Enrolment, attendance and adherence as the organisation and the family see them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.babies.models import Baby
from firsttouch.courses import services
from firsttouch.courses.models import Attendance, Course, CourseSession, Enrolment, NicuProgramme
from firsttouch.massage.models import MassageSession
from firsttouch.programs.consent import give_consent, revoke
from firsttouch.programs.models import Organisation, StaffMembership
from tests.cast import Member, make_baby


def massage(baby: Baby, start: datetime, minutes: int = 10) -> MassageSession:
    return MassageSession.objects.create(
        baby=baby, started_at=start, ended_at=start + timedelta(minutes=minutes)
    )


def test_a_family_that_shares_nothing_cannot_be_enrolled(course: Course, alice: Member) -> None:
    with pytest.raises(services.CourseError, match="does not share"):
        services.enrol(course, alice.family)
    assert not Enrolment.objects.exists()


def test_enrolment_rests_on_a_caregivers_consent_and_happens_once(
    course: Course, alice: Member, dan: Member
) -> None:
    give_consent(dan.user, course.organisation, {"notes"})
    enrolment = services.enrol(course, alice.family)
    assert enrolment.caregiver == dan.user
    with pytest.raises(services.CourseError, match="already enrolled"):
        services.enrol(course, alice.family)
    services.leave(enrolment)
    assert services.enrol(course, alice.family).pk != enrolment.pk


def test_families_sharing_lists_only_current_consents(
    riverside: Organisation, alice: Member, bob: Member
) -> None:
    give_consent(alice.user, riverside, {"massage_sessions"})
    bobs = give_consent(bob.user, riverside, {"notes"})
    assert services.families_sharing(riverside) == sorted(
        [alice.family, bob.family], key=lambda f: (f.name.lower(), f.pk)
    )
    assert services.families_sharing(riverside, "massage_sessions") == [alice.family]
    revoke(bobs)
    assert services.families_sharing(riverside) == [alice.family]


def test_attendance_ticks_every_current_enrolment_and_ignores_strangers(
    course: Course, session: CourseSession, alice: Member, bob: Member, leader: User
) -> None:
    give_consent(alice.user, course.organisation, {"notes"})
    give_consent(bob.user, course.organisation, {"notes"})
    a = services.enrol(course, alice.family)
    b = services.enrol(course, bob.family)
    services.record_attendance(session, {a.pk, 99999}, leader)
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {
        a.pk: True,
        b.pk: False,
    }
    services.record_attendance(session, {b.pk}, leader)  # a correction updates, never duplicates
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {
        a.pk: False,
        b.pk: True,
    }


def test_staff_see_not_shared_and_never_read_sessions_without_massage_consent(
    course: Course, alice: Member, mia: Baby
) -> None:
    give_consent(alice.user, course.organisation, {"notes"})
    enrolment = services.enrol(course, alice.family)
    massage(mia, timezone.now() - timedelta(hours=2))
    with CaptureQueriesContext(connection) as queries:
        seen = services.course_adherence_for_staff(enrolment)
    assert seen.shared is False and seen.weeks == []
    assert not any("massage_massagesession" in q["sql"] for q in queries.captured_queries)
    # The family always sees her own practice.
    own = services.course_adherence_for_family(enrolment)
    assert own.shared and sum(w.sessions for w in own.weeks) == 1


def test_staff_see_practice_per_week_with_massage_consent(
    riverside: Organisation, leader: User, alice: Member, mia, bob: Member, leo: Baby
) -> None:
    london = ZoneInfo("Europe/London")
    now = datetime(2026, 11, 19, 12, 0, tzinfo=london)  # Thursday of ISO week 47
    course = Course.objects.create(
        organisation=riverside,
        title="Massage",
        weekly_target=2,
        starts_on=date(2026, 11, 4),
        leader=leader,
    )
    give_consent(alice.user, riverside, {"massage_sessions"})
    enrolment = services.enrol(course, alice.family)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=now - timedelta(days=20))
    enrolment.refresh_from_db()
    for day in (4, 5, 10, 11, 12, 18):
        massage(mia, datetime(2026, 11, day, 19, 0, tzinfo=london))
    massage(leo, datetime(2026, 11, 10, 19, 0, tzinfo=london))  # Bob's baby: never counted
    MassageSession.objects.create(  # still running: not a logged session yet
        baby=mia, started_at=datetime(2026, 11, 11, 8, 0, tzinfo=london)
    )
    seen = services.course_adherence_for_staff(enrolment, now)
    assert [(w.iso_week, w.sessions, w.target) for w in seen.weeks] == [
        ("2026-W45", 2, 2),  # Wednesday start: 5 days, 2 x 5/7 rounds up to 2
        ("2026-W46", 3, 2),
        ("2026-W47", 1, 2),
    ]
    assert seen.this_week is not None and seen.this_week.iso_week == "2026-W47"
    assert seen.weeks_met == 2


def test_practice_stops_at_the_last_class_and_when_she_leaves(
    course: Course, alice: Member, mia: Baby
) -> None:
    give_consent(alice.user, course.organisation, {"massage_sessions"})
    enrolment = services.enrol(course, alice.family)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=timezone.now() - timedelta(days=20)
    )
    enrolment.refresh_from_db()
    massage(mia, timezone.now() - timedelta(days=1))
    last_class = timezone.now() - timedelta(days=3)
    CourseSession.objects.create(
        course=course, starts_at=last_class, ends_at=last_class + timedelta(hours=1), place="Hall"
    )
    seen = services.course_adherence_for_staff(enrolment)
    assert sum(w.sessions for w in seen.weeks) == 0
    assert seen.weeks[-1].monday <= last_class.date()


def test_a_course_leader_must_lead_classes_there(riverside: Organisation, clinician: User) -> None:
    course = Course(
        organisation=riverside, title="x", starts_on=date(2026, 11, 2), leader=clinician
    )
    with pytest.raises(ValidationError) as caught:
        services.save_course(course)
    assert "leader" in caught.value.message_dict
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("link", "place", "field"),
    [("http://meet.example/x", "", "online_link"), ("", " ", "place")],
)
def test_a_session_needs_a_place_or_an_https_link(
    course: Course, link: str, place: str, field: str
) -> None:
    start = timezone.now() + timedelta(days=1)
    session = CourseSession(
        course=course,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_link=link,
        place=place,
    )
    with pytest.raises(ValidationError) as caught:
        services.save_session(session)
    assert field in caught.value.message_dict


def test_nicu_minutes_count_only_the_programmes_baby(
    riverside: Organisation, clinician: User, alice: Member, mia: Baby
) -> None:
    london = ZoneInfo("Europe/London")
    now = datetime(2026, 11, 18, 20, 0, tzinfo=london)  # Wednesday
    twin = make_baby(alice.family, "Ava")
    programme = NicuProgramme.objects.create(
        organisation=riverside,
        family=alice.family,
        baby=mia,
        routine_slug="preterm-gentle-touch",
        minutes_per_day=15,
        days_per_week=5,
        started_on=date(2026, 11, 16),
        prescribed_by=clinician,
    )
    massage(mia, datetime(2026, 11, 16, 9, 0, tzinfo=london), 15)
    massage(mia, datetime(2026, 11, 17, 9, 0, tzinfo=london), 8)
    massage(mia, datetime(2026, 11, 17, 18, 0, tzinfo=london), 8)
    massage(twin, datetime(2026, 11, 18, 9, 0, tzinfo=london), 30)
    assert services.nicu_adherence_for_staff(programme, now).shared is False
    give_consent(alice.user, riverside, {"massage_sessions"})
    seen = services.nicu_adherence_for_staff(programme, now)
    assert [(d.day.day, d.minutes, d.met) for d in seen.days] == [
        (16, 15, True),
        (17, 16, True),
        (18, 0, False),
    ]
    assert (seen.days_met_this_week, seen.minutes_this_week) == (2, 31)


def test_a_programmes_baby_must_be_the_familys(
    riverside: Organisation, alice: Member, leo: Baby
) -> None:
    programme = NicuProgramme(
        organisation=riverside,
        family=alice.family,
        baby=leo,
        routine_slug="nope",
        started_on=date(2026, 11, 16),
    )
    with pytest.raises(ValidationError) as caught:
        services.save_programme(programme)
    assert {"baby", "routine_slug"} <= set(caught.value.message_dict)


def test_only_a_clinician_approves_home_use(
    riverside: Organisation, clinician: User, leader: User, alice: Member, mia: Baby
) -> None:
    programme = NicuProgramme.objects.create(
        organisation=riverside,
        family=alice.family,
        baby=mia,
        routine_slug="preterm-gentle-touch",
        started_on=date(2026, 11, 16),
    )
    as_leader = StaffMembership.objects.get(user=leader)
    with pytest.raises(services.CourseError):
        services.approve_home_use(programme, as_leader)
    assert not programme.home_use_approved
    services.approve_home_use(programme, StaffMembership.objects.get(user=clinician))
    programme.refresh_from_db()
    assert programme.home_use_approved_by == clinician and programme.home_use_approved
