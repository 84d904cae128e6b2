"""Every staff route of courses, walked, like programs' walk of its own routes.

Read from ``courses.staff_urls``, so a route added later is walked too. All of them name the
organisation (they live under /staff/<org_id>/courses/): staff of another organisation get a
404 for every method. A page that shows a family's practice (``FAMILY_PAGES``) is a 404 without
that family's consent to massage sessions and writes exactly one access-log row per read with
it; the course page itself (``ROSTER``) stays open without consent but then reads and logs
nothing. Any other route must be listed in ``NO_FAMILY_DATA`` on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.courses import services, staff_urls
from firsttouch.courses.models import Course, CourseSession, NicuProgramme
from firsttouch.programs.consent import active_consent, give_consent, revoke
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from tests.cast import Member
from tests.staff import make_staff, verified_client

FAMILY_PAGES = {"course_family", "nicu_new", "nicu"}
ROSTER = {"course"}
NO_FAMILY_DATA = {
    "index",
    "course_new",
    "course_edit",
    "session_new",
    "enrol",
    "attendance",
}
NICU_ROUTES = {"nicu_new", "nicu"}
ROUTES: list[URLPattern] = [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


@dataclass
class World:
    riverside: Organisation
    hilltop: Organisation
    course: Course
    programme: NicuProgramme
    alice: Member


def role_for(pattern: URLPattern) -> str:
    return StaffRole.CLINICIAN if pattern.name in NICU_ROUTES else StaffRole.CLASS_LEADER


def url_for(pattern: URLPattern, world: World) -> str:
    values = {
        "org_id": world.riverside.pk,
        "course_id": world.course.pk,
        "family_id": world.alice.family.pk,
        "programme_id": world.programme.pk,
    }
    names = set(pattern.pattern.converters)
    return reverse(
        f"courses_staff:{pattern.name}",
        kwargs={"org_id": values["org_id"], **{k: values[k] for k in names}},
    )


def requests(client: Client, url: str) -> list[int]:
    return [client.get(url).status_code, client.post(url).status_code]


@pytest.fixture
def world(alice: Member, mia: Baby) -> World:
    riverside = Organisation.objects.create(name="Riverside", contact_email="a@river.test")
    hilltop = Organisation.objects.create(name="Hilltop", contact_email="b@hill.test")
    leader = make_staff(riverside, "lena@river.test", "Lena Leader", StaffRole.CLASS_LEADER)
    course = Course.objects.create(
        organisation=riverside, title="Massage", starts_on=timezone.localdate(), leader=leader
    )
    start = timezone.now() - timedelta(hours=1)
    CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(minutes=45), place="Hall"
    )
    give_consent(alice.user, riverside, {"massage_sessions"})
    services.enrol(course, alice.family)
    programme = NicuProgramme.objects.create(
        organisation=riverside,
        family=alice.family,
        baby=mia,
        routine_slug="preterm-gentle-touch",
        started_on=timezone.localdate(),
    )
    return World(riverside, hilltop, course, programme, alice)


def test_every_route_is_classified() -> None:
    for pattern in ROUTES:
        assert pattern.name in FAMILY_PAGES | ROSTER | NO_FAMILY_DATA, (
            f"courses staff route {pattern.name!r} is not classified: list it in FAMILY_PAGES "
            "(it shows a family's data) or NO_FAMILY_DATA (it shows none)"
        )


@pytest.mark.parametrize("pattern", ROUTES, ids=str)
def test_staff_of_another_organisation_get_404(pattern: URLPattern, world: World) -> None:
    outsider = make_staff(world.hilltop, "boss@hill.test", "Hal Hill", StaffRole.ORG_ADMIN)
    assert requests(verified_client(outsider), url_for(pattern, world)) == [404, 404]
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("pattern", ROUTES, ids=str)
def test_researchers_see_nothing_here(pattern: URLPattern, world: World) -> None:
    researcher = make_staff(world.riverside, "rae@river.test", "Rae R", StaffRole.RESEARCHER)
    assert requests(verified_client(researcher), url_for(pattern, world)) == [404, 404]
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("pattern", [p for p in ROUTES if p.name in FAMILY_PAGES], ids=str)
@pytest.mark.parametrize("consent", ["none", "notes only", "massage elsewhere"])
def test_family_pages_are_404_without_massage_consent(
    pattern: URLPattern, world: World, consent: str
) -> None:
    revoke(active_consent(world.alice.user, world.riverside))  # type: ignore[arg-type]
    if consent == "notes only":
        give_consent(world.alice.user, world.riverside, {"notes", "baby_logs"})
    elif consent == "massage elsewhere":
        give_consent(world.alice.user, world.hilltop, {"massage_sessions"})
    staff = make_staff(world.riverside, "s@river.test", "Sam Staff", role_for(pattern))
    read, write = requests(verified_client(staff), url_for(pattern, world))
    assert read == 404 and write in {404, 405}
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("pattern", [p for p in ROUTES if p.name in FAMILY_PAGES | ROSTER], ids=str)
def test_each_read_with_consent_writes_exactly_one_audit_row(
    pattern: URLPattern, world: World
) -> None:
    staff = make_staff(world.riverside, "s@river.test", "Sam Staff", role_for(pattern))
    client = verified_client(staff)
    url = url_for(pattern, world)
    for reads in (1, 2):
        assert client.get(url).status_code == 200
        assert AccessLog.objects.count() == reads
    row = AccessLog.objects.first()
    assert row is not None
    assert (row.family_id, row.categories, row.staff) == (
        world.alice.family.pk,
        "massage_sessions",
        staff,
    )


def test_the_course_page_without_consent_reads_and_logs_nothing(world: World) -> None:
    revoke(active_consent(world.alice.user, world.riverside))  # type: ignore[arg-type]
    leader = make_staff(world.riverside, "s@river.test", "Sam Staff", StaffRole.CLASS_LEADER)
    url = reverse("courses_staff:course", args=[world.riverside.pk, world.course.pk])
    response = verified_client(leader).get(url)
    assert response.status_code == 200
    assert b"Not shared" in response.content
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    ("role", "name"),
    [(StaffRole.CLINICIAN, "course"), (StaffRole.CLASS_LEADER, "nicu")],
)
def test_roles_keep_to_their_own_pages(world: World, role: str, name: str) -> None:
    staff = make_staff(world.riverside, "s@river.test", "Sam Staff", role)
    pattern = next(p for p in ROUTES if p.name == name)
    assert verified_client(staff).get(url_for(pattern, world)).status_code == 404
