"""An organisation with a class leader and a clinician, and a course that starts today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.courses.models import Course, CourseSession
from firsttouch.programs.models import Organisation, StaffRole
from tests.staff import make_staff


@pytest.fixture
def riverside(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Riverside", kind="class_provider", contact_email="team@river.test"
    )


@pytest.fixture
def hilltop(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Hilltop NICU", kind="nicu", contact_email="h@hill.test"
    )


@pytest.fixture
def leader(riverside: Organisation) -> User:
    return make_staff(riverside, "lena@river.test", "Lena Leader", StaffRole.CLASS_LEADER)


@pytest.fixture
def clinician(riverside: Organisation) -> User:
    return make_staff(riverside, "nina@river.test", "Nina Nurse", StaffRole.CLINICIAN)


@pytest.fixture
def course(riverside: Organisation, leader: User) -> Course:
    started = timezone.localdate() - timedelta(days=14)
    return Course.objects.create(
        organisation=riverside,
        title="Baby massage, 5 weeks",
        weekly_target=3,
        starts_on=started,
        leader=leader,
    )


@pytest.fixture
def session(course: Course) -> CourseSession:
    start = timezone.now() + timedelta(hours=5)
    return CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Room 2"
    )
