"""Issue 11, gap 5: clinics see her screenings by her consent to each organisation
(programs.Consent, "screenings and mood") only; the old per-person switch is gone, so no page
offers a choice that changes nothing."""

from __future__ import annotations

import pytest

from firsttouch.accounts.models import User
from firsttouch.wellbeing.models import CaregiverSettings
from tests.cast import Member
from tests.staff import verified_client


def test_the_settings_have_no_clinic_switch() -> None:
    fields = {f.name for f in CaregiverSettings._meta.get_fields()}
    assert "share_screenings_with_clinics" not in fields
    assert {"country", "share_screenings_with_family"} <= fields


@pytest.mark.django_db
def test_no_admin_page_shows_it(alice: Member) -> None:
    row = CaregiverSettings.objects.create(user=alice.user, country="GB")
    admin = User.objects.create_superuser("root@example.com", "root@example.com", "x-pass-42")
    client = verified_client(admin)
    for url in (
        "/admin/wellbeing/caregiversettings/",
        f"/admin/wellbeing/caregiversettings/{row.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode().lower()
        assert "with clinics" not in page and "share_screenings_with_clinics" not in page
