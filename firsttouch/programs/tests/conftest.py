"""The staff every programmes test meets: a clinician of the module's ``clinic`` (each module
says which consent its clinic holds), her API client, and a second organisation."""

from __future__ import annotations

import pytest

from firsttouch.accounts.models import User
from firsttouch.api.tests.helpers import ApiClient
from firsttouch.programs.models import Organisation, StaffRole
from tests.staff import make_staff, staff_token


@pytest.fixture
def other_clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Hillside clinic", contact_email="team@hill.test")


@pytest.fixture
def nurse(clinic: Organisation) -> User:
    return make_staff(clinic, "nurse@river.test", "Nina Nurse", StaffRole.CLINICIAN)


@pytest.fixture
def nurse_api(nurse: User) -> ApiClient:
    return ApiClient(token=staff_token(nurse))
