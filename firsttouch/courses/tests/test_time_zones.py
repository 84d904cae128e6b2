"""Issue 11, gap 6: class times are shown in one stated zone: the organisation's on its staff
pages (whatever the server's zone), the family's on the family's page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from firsttouch.accounts.models import User
from firsttouch.courses.models import Course, CourseSession
from firsttouch.courses.services import enrol
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Organisation
from tests.cast import make_member
from tests.staff import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def later_session(course: Course) -> CourseSession:
    """A class at 09:00 UTC, a fortnight from now (in the future for the family's page)."""
    day = (datetime.now(UTC) + timedelta(days=14)).date()
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    return CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Room 2"
    )


def test_a_new_organisation_takes_the_deployments_zone(settings: object) -> None:
    org = Organisation.objects.create(name="X", contact_email="x@x.test")
    assert org.time_zone == "UTC"


def test_staff_see_the_organisations_zone_named_on_the_page(
    riverside: Organisation, leader: User, course: Course, later_session: CourseSession
) -> None:
    riverside.time_zone = "Asia/Kolkata"  # UTC+05:30, no daylight saving
    riverside.save()
    page = (
        verified_client(leader)
        .get(reverse("courses_staff:course", args=[riverside.pk, course.pk]))
        .content.decode()
    )
    assert "14:30–15:30" in page
    assert "09:00–10:00" not in page
    assert "Times are in Asia/Kolkata (the organisation's time zone)." in page


def test_the_family_sees_her_own_zone_named_on_the_page(
    riverside: Organisation, course: Course, later_session: CourseSession
) -> None:
    riverside.time_zone = "Asia/Kolkata"
    riverside.save()
    tokyo = make_member("yui@example.com", "Yui", time_zone="Asia/Tokyo")  # UTC+9
    give_consent(tokyo.user, riverside, {"massage_sessions"})
    enrol(course, tokyo.family)
    page = tokyo.client().get(reverse("courses:classes")).content.decode()
    assert "18:00–19:00" in page
    assert "Times are in Asia/Tokyo, your family's time zone." in page


def test_an_unknown_zone_is_refused_with_a_clear_message(riverside: Organisation) -> None:
    from django.core.exceptions import ValidationError

    riverside.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError, match="not a time zone we know"):
        riverside.full_clean()
