"""Issue 10, defect 7 on the self-care pages and API: a day in year 1 or 9999 is no 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from firsttouch.selfcare import services
from firsttouch.selfcare.models import MoodEntry
from tests.cast import Member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_self_care_page_for_a_day_in_year_1_or_9999_shows_today(
    alice: Member, day: str
) -> None:
    client = Client()
    client.force_login(alice.user)
    response = client.get(f"/selfcare/?day={day}")
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


def test_a_mood_in_year_1_is_refused_by_the_model(alice: Member) -> None:
    with pytest.raises(ValidationError, match="between the years 1900 and 2200"):
        services.set_mood(alice.user, date(1, 1, 1), 3)
    assert not MoodEntry.objects.exists()
