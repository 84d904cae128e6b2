"""The courses over the staff API: the class leader's courses, the roster as the course page
shows it (practice only within consent, one access-log row per family whose practice is
shown) and one session's register, through the staff routes' door."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.api.tests.helpers import ApiClient
from firsttouch.babies.models import Baby
from firsttouch.courses import services
from firsttouch.courses.models import Attendance, Course, CourseSession, Enrolment
from firsttouch.massage.models import MassageSession
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from tests.cast import PASSWORD, Member
from tests.staff import make_staff, staff_token, verified_client


@pytest.fixture
def leader_api(leader: User) -> ApiClient:
    return ApiClient(token=staff_token(leader))


@pytest.fixture
def enrolled(course: Course, alice: Member, bob: Member, mia: Baby) -> tuple[Enrolment, Enrolment]:
    """Alice's family shares its massage sessions (two this week); Bob's only its notes."""
    give_consent(alice.user, course.organisation, {"massage_sessions"})
    give_consent(bob.user, course.organisation, {"notes"})
    now = timezone.now()
    for hours in (2, 26):
        start = now - timedelta(hours=hours)
        MassageSession.objects.create(
            baby=mia, started_at=start, ended_at=start + timedelta(minutes=15)
        )
    pair = services.enrol(course, alice.family), services.enrol(course, bob.family)
    Enrolment.objects.update(enrolled_at=now - timedelta(days=20))
    for enrolment in pair:
        enrolment.refresh_from_db()
    return pair


@pytest.fixture
def today(course: Course) -> CourseSession:
    start = timezone.now() - timedelta(minutes=30)
    return CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Hall"
    )


def courses_url(org_id: int, *parts: object) -> str:
    return "/".join([f"/staff/organisations/{org_id}/courses", *map(str, parts)])


def register_url(course: Course, session: CourseSession) -> str:
    return courses_url(course.organisation_id, course.pk, "sessions", session.pk, "attendance")


def test_the_list_names_the_organisations_courses_and_logs_nothing(
    leader_api: ApiClient, course: Course, hilltop: Organisation
) -> None:
    Course.objects.create(organisation=hilltop, title="Theirs", starts_on=course.starts_on)
    answer = leader_api.get(courses_url(course.organisation_id))
    assert answer.status == 200, answer.body
    (only,) = answer.body["results"]
    assert (only["id"], only["title"], only["leader"]) == (course.pk, course.title, "Lena Leader")
    assert only["weekly_target"] == 3 and answer.body["count"] == 1
    assert not AccessLog.objects.exists()


def test_a_course_shows_the_register_and_practice_only_within_consent(
    leader_api: ApiClient,
    leader: User,
    course: Course,
    today: CourseSession,
    enrolled: tuple[Enrolment, Enrolment],
) -> None:
    hers, his = enrolled
    start = timezone.now() + timedelta(days=7)
    later = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Hall"
    )
    Attendance.objects.create(session=today, enrolment=hers, present=True, recorded_by=leader)
    answer = leader_api.get(courses_url(course.organisation_id, course.pk))
    assert answer.status == 200, answer.body
    body = answer.body
    assert [(s["id"], s["tickable"]) for s in body["sessions"]] == [
        (today.pk, True),
        (later.pk, False),
    ]
    rows = {r["id"]: r for r in body["enrolments"]}
    assert rows[hers.pk]["family_name"] == hers.family.name
    assert rows[hers.pk]["attendance"] == [{"session": today.pk, "present": True}]
    expected = services.course_adherence_for_staff(hers)
    assert expected.this_week is not None
    practice = rows[hers.pk]["practice"]
    assert practice["this_week"]["sessions"] == expected.this_week.sessions
    assert sum(w.sessions for w in expected.weeks) == 2
    assert practice["this_week"]["target"] == expected.this_week.target
    assert (practice["weeks_met"], practice["weeks_judged"]) == (
        expected.weeks_met,
        len(expected.judged),
    )
    assert rows[his.pk]["practice"] is None and rows[his.pk]["family_name"] == his.family.name
    # Only the family whose practice was shown is in the log, as on the page.
    row = AccessLog.objects.get()
    assert (row.family_id, row.categories, row.why) == (
        hers.family_id,
        "massage_sessions",
        "roster",
    )
    page = verified_client(leader).get(
        reverse("courses_staff:course", args=[course.organisation_id, course.pk])
    )
    assert page.status_code == 200 and AccessLog.objects.count() == 2


def test_saving_a_register_marks_present_and_absent_once_per_key(
    leader_api: ApiClient,
    course: Course,
    today: CourseSession,
    enrolled: tuple[Enrolment, Enrolment],
) -> None:
    hers, his = enrolled
    url = register_url(course, today)
    first = leader_api.post(url, {"present": [hers.pk]}, **{"Idempotency-Key": "r1"})
    assert first.status == 200, first.body
    assert first.body == {"session": today.pk, "present": [hers.pk], "absent": [his.pk]}
    again = leader_api.post(url, {"present": [hers.pk]}, **{"Idempotency-Key": "r1"})
    assert (again.status, again.body) == (200, first.body)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert set(Attendance.objects.values_list("enrolment_id", "present")) == {
        (hers.pk, True),
        (his.pk, False),
    }
    fixed = leader_api.post(url, {"present": [his.pk]})
    assert fixed.body["present"] == [his.pk]
    assert Attendance.objects.get(enrolment=hers).present is False
    assert not AccessLog.objects.exists()  # a register is the organisation's own record


def test_a_register_for_a_class_to_come_or_a_stranger_is_422_and_saves_nothing(
    leader_api: ApiClient,
    course: Course,
    today: CourseSession,
    enrolled: tuple[Enrolment, Enrolment],
    hilltop: Organisation,
) -> None:
    hers, _ = enrolled
    start = timezone.now() + timedelta(days=7)
    later = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Hall"
    )
    refused = leader_api.post(register_url(course, later), {"present": [hers.pk]})
    assert (refused.status, refused.error["code"]) == (422, "attendance_refused")
    assert "not started yet" in refused.error["message"]
    other = Course.objects.create(
        organisation=course.organisation, title="Other", starts_on=course.starts_on
    )
    stranger = leader_api.post(register_url(course, today), {"present": [hers.pk, 987654]})
    assert stranger.status == 422 and "987654" in stranger.error["message"]
    # A session of another course under this course's path is not there.
    theirs = CourseSession.objects.create(
        course=other, starts_at=today.starts_at, ends_at=today.ends_at, place="Hall"
    )
    assert leader_api.post(register_url(course, theirs), {"present": []}).status == 404
    bad = leader_api.post(register_url(course, today), {"present": "everyone"})
    assert bad.status == 422 and "present" in bad.error["fields"]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("role", [StaffRole.CLINICIAN, StaffRole.RESEARCHER])
def test_roles_that_run_no_course_get_404(
    role: str, course: Course, today: CourseSession, enrolled: tuple[Enrolment, Enrolment]
) -> None:
    user = make_staff(course.organisation, f"{role}@river.test", "Olly Other", role)
    api = ApiClient(token=staff_token(user))
    org = course.organisation_id
    for answer in (
        api.get(courses_url(org)),
        api.get(courses_url(org, course.pk)),
        api.post(register_url(course, today), {"present": [enrolled[0].pk]}),
    ):
        assert (answer.status, answer.error["code"]) == (404, "not_found")
    assert not AccessLog.objects.exists() and not Attendance.objects.exists()


def test_an_admin_reads_courses_too(course: Course, enrolled: tuple[Enrolment, Enrolment]) -> None:
    admin = make_staff(course.organisation, "ada@river.test", "Ada Admin", StaffRole.ORG_ADMIN)
    api = ApiClient(token=staff_token(admin))
    assert api.get(courses_url(course.organisation_id, course.pk)).status == 200


def test_another_organisation_and_a_family_token_get_404(
    course: Course,
    today: CourseSession,
    hilltop: Organisation,
    enrolled: tuple[Enrolment, Enrolment],
    alice: Member,
) -> None:
    theirs = make_staff(hilltop, "hal@hill.test", "Hal Hill", StaffRole.CLASS_LEADER)
    org = course.organisation_id
    for api in (ApiClient(token=staff_token(theirs)), ApiClient(alice)):
        for answer in (
            api.get(courses_url(org)),
            api.get(courses_url(org, course.pk)),
            api.post(register_url(course, today), {"present": []}),
            # Their own organisation's path with our course's id is no better.
            api.get(courses_url(hilltop.pk, course.pk)),
        ):
            assert (answer.status, answer.error["code"]) == (404, "not_found")
    assert not AccessLog.objects.exists() and not Attendance.objects.exists()


def test_a_token_without_the_second_factor_is_403(
    leader: User, course: Course, today: CourseSession
) -> None:
    issued = ApiClient().post("/auth/token", {"username": leader.email, "password": PASSWORD})
    api = ApiClient(token=issued.body["token"])
    org = course.organisation_id
    for answer in (
        api.get(courses_url(org)),
        api.get(courses_url(org, course.pk)),
        api.post(register_url(course, today), {"present": []}),
    ):
        assert (answer.status, answer.error["code"]) == (403, "two_factor_required")
    assert not Attendance.objects.exists()
