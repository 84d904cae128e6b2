"""A parent sees her baby's weight, length and head circumference on the WHO charts (phone)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.tracking import growth
from firsttouch.tracking.models import Growth
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _grams(day: int, centile: float) -> int:
    lms = growth.lms_at("weight", "girls", day)
    assert lms is not None
    return round(growth.value_at(growth.z_of_centile(centile), lms) * 1000)


def test_growth_charts_on_a_phone_light_and_dark(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=200)
    mia.sex = "girl"
    mia.save()
    now = timezone.now()
    for age, centile, length, head in (
        (3, 45, "50.0", "34.5"),
        (60, 42, "57.5", "38.5"),
        (120, 40, "62.0", "40.5"),
        (195, 38, "66.0", "42.5"),
    ):
        Growth.objects.create(
            baby=mia,
            time=now - timedelta(days=200 - age),
            weight_g=_grams(age, centile),
            length_cm=Decimal(length),
            head_cm=Decimal(head),
        )
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/log/growth/?baby={mia.pk}")
    page.get_by_role("link", name="See the growth charts").click()
    expect(page.get_by_role("heading", name="Growth charts for Mia")).to_be_visible()
    expect(page.locator("#growth-weight-latest")).to_contain_text("about the 38th centile")
    expect(page.get_by_role("img", name="Weight (kg) on the WHO girls chart")).to_be_visible()
    expect(page.get_by_role("heading", name="Head circumference")).to_be_visible()
    # No horizontal scrolling on the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert serious_violations(page) == []
    page.emulate_media(color_scheme="light")
    shot(page, "growth-chart")
