"""The staff pages and the family's page through HTTP: what is saved, refused and shown."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from firsttouch.accounts.models import User
from firsttouch.babies.models import Baby
from firsttouch.courses import services
from firsttouch.courses.models import Attendance, Course, CourseSession, Enrolment, NicuProgramme
from firsttouch.massage.models import MassageSession
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation
from tests.cast import Member
from tests.staff import verified_client


def test_a_leader_creates_a_course(riverside: Organisation, leader: User) -> None:
    response = verified_client(leader).post(
        reverse("courses_staff:course_new", args=[riverside.pk]),
        {
            "title": "Baby massage, 5 weeks",
            "weekly_target": "3",
            "starts_on": "2026-12-07",
            "leader": str(leader.pk),
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("courses_staff:course", args=[riverside.pk, course.pk])
    assert (course.organisation, course.leader, course.weekly_target) == (riverside, leader, 3)


def test_a_course_without_title_or_with_a_clinician_leader_is_refused(
    riverside: Organisation, leader: User, clinician: User
) -> None:
    response = verified_client(leader).post(
        reverse("courses_staff:course_new", args=[riverside.pk]),
        {"title": "", "weekly_target": "99", "starts_on": "2026-12-07", "leader": clinician.pk},
    )
    assert response.status_code == 400
    assert b"Give the course a title." in response.content
    assert not Course.objects.exists()


def test_a_session_with_a_plain_http_link_is_refused(course: Course, leader: User) -> None:
    url = reverse("courses_staff:session_new", args=[course.organisation_id, course.pk])
    data = {
        "starts_at": "2026-12-07T10:00",
        "ends_at": "2026-12-07T11:00",
        "online_link": "http://meet.example/x",
    }
    response = verified_client(leader).post(url, data)
    assert response.status_code == 400
    assert b"https://" in response.content
    assert not CourseSession.objects.exists()
    data["online_link"] = "https://meet.example/x"
    assert verified_client(leader).post(url, data).status_code == 302
    assert CourseSession.objects.get().online_link == "https://meet.example/x"


def test_enrolling_offers_only_families_that_share(
    course: Course, leader: User, alice: Member, bob: Member
) -> None:
    give_consent(alice.user, course.organisation, {"notes"})
    client = verified_client(leader)
    page = client.get(reverse("courses_staff:course", args=[course.organisation_id, course.pk]))
    assert escape(alice.family.name) in page.content.decode()
    assert escape(bob.family.name) not in page.content.decode()
    url = reverse("courses_staff:enrol", args=[course.organisation_id, course.pk])
    assert client.post(url, {"family": bob.family.pk}).status_code == 400
    assert client.post(url, {"family": alice.family.pk}).status_code == 302
    assert list(Enrolment.objects.values_list("family", flat=True)) == [alice.family.pk]


def test_ticking_the_register_saves_present_and_absent(
    course: Course, leader: User, alice: Member, bob: Member
) -> None:
    for member in (alice, bob):
        give_consent(member.user, course.organisation, {"notes"})
    a = services.enrol(course, alice.family)
    b = services.enrol(course, bob.family)
    start = timezone.now() - timedelta(minutes=30)
    today = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Hall"
    )
    later = CourseSession.objects.create(
        course=course,
        starts_at=start + timedelta(days=7),
        ends_at=start + timedelta(days=7, hours=1),
        place="Hall",
    )
    other = Course.objects.create(
        organisation=course.organisation, title="Other", starts_on=course.starts_on
    )
    url = reverse("courses_staff:attendance", args=[course.organisation_id, course.pk])
    response = verified_client(leader).post(
        url,
        {
            "present": [
                f"{today.pk}:{a.pk}",
                f"{later.pk}:{b.pk}",  # a class still to come cannot be ticked
                f"{other.pk}:{a.pk}",  # nor one of another course
                "junk",
            ]
        },
    )
    assert response.status_code == 302
    assert set(Attendance.objects.values_list("session_id", "enrolment_id", "present")) == {
        (today.pk, a.pk, True),
        (today.pk, b.pk, False),
    }
    page = verified_client(leader).get(
        reverse("courses_staff:course", args=[course.organisation_id, course.pk])
    )
    assert f'value="{today.pk}:{a.pk}" aria-label'.encode() in page.content
    assert b"checked" in page.content


def test_the_family_sees_her_class_and_practice(
    course: Course, session: CourseSession, alice: Member, mia: Baby, bob: Member
) -> None:
    CourseSession.objects.filter(pk=session.pk).update(online_link="https://meet.example/abc")
    give_consent(alice.user, course.organisation, {"notes"})
    services.enrol(course, alice.family)
    now = timezone.now()
    MassageSession.objects.create(baby=mia, started_at=now, ended_at=now + timedelta(minutes=1))
    page = alice.client().get(reverse("courses:classes"))
    assert page.status_code == 200
    text = page.content.decode()
    assert course.title in text and "Room 2" in text and "https://meet.example/abc" in text
    assert "This week: 1 of" in text
    assert course.title not in bob.client().get(reverse("courses:classes")).content.decode()
    assert not AccessLog.objects.exists()  # her own data: nobody else read it


def test_another_family_cannot_leave_her_class(course: Course, alice: Member, bob: Member) -> None:
    give_consent(alice.user, course.organisation, {"notes"})
    enrolment = services.enrol(course, alice.family)
    url = reverse("courses:leave", args=[enrolment.pk])
    assert bob.client().post(url).status_code == 404
    assert Enrolment.objects.current().count() == 1
    assert alice.client().post(url).status_code == 302
    assert not Enrolment.objects.current().exists()


def test_a_clinician_prescribes_and_approves_and_the_family_sees_it(
    riverside: Organisation, clinician: User, alice: Member, mia: Baby, leo: Baby
) -> None:
    give_consent(alice.user, riverside, {"massage_sessions"})
    client = verified_client(clinician)
    url = reverse("courses_staff:nicu_new", args=[riverside.pk, alice.family.pk])
    data = {
        "baby": leo.pk,  # Bob's baby: not one of hers
        "routine_slug": "preterm-gentle-touch",
        "minutes_per_day": "15",
        "days_per_week": "7",
        "started_on": str(timezone.localdate()),
    }
    assert client.post(url, data).status_code == 400
    assert not NicuProgramme.objects.exists()
    data["baby"] = mia.pk
    assert client.post(url, data).status_code == 302
    programme = NicuProgramme.objects.get()
    assert (programme.prescribed_by, programme.home_use_approved) == (clinician, False)
    family_page = alice.client().get(reverse("courses:classes")).content.decode()
    assert "has not yet approved this routine at home" in family_page
    detail = reverse("courses_staff:nicu", args=[riverside.pk, programme.pk])
    assert client.post(detail).status_code == 302
    programme.refresh_from_db()
    assert programme.home_use_approved_by == clinician
    family_page = alice.client().get(reverse("courses:classes")).content.decode()
    assert "Your team approved this routine at home" in family_page
    assert "15 minutes a day" in family_page


def test_editing_a_course_saves_and_bad_input_changes_nothing(course: Course, leader: User) -> None:
    url = reverse("courses_staff:course_edit", args=[course.organisation_id, course.pk])
    data = {
        "title": "Baby massage, 6 weeks",
        "weekly_target": "0",
        "starts_on": str(course.starts_on),
        "leader": leader.pk,
    }
    assert verified_client(leader).post(url, data).status_code == 400
    course.refresh_from_db()
    assert (course.title, course.weekly_target) == ("Baby massage, 5 weeks", 3)
    data["weekly_target"] = "4"
    assert verified_client(leader).post(url, data).status_code == 302
    course.refresh_from_db()
    assert (course.title, course.weekly_target) == ("Baby massage, 6 weeks", 4)


def test_the_index_lists_only_this_organisations_courses(
    course: Course, leader: User, hilltop: Organisation
) -> None:
    Course.objects.create(organisation=hilltop, title="Hilltop class", starts_on=course.starts_on)
    page = verified_client(leader).get(
        reverse("courses_staff:index", args=[course.organisation_id])
    )
    text = page.content.decode()
    assert course.title in text and "Hilltop class" not in text
    assert "NICU programmes" not in text  # a class leader does not see them
