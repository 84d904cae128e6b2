"""Issue 10, defects 3 and 14 on a phone: nonsense dates are refused with a sentence, not saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.babies.models import Baby
from firsttouch.tracking.models import Sleep
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_two_day_sleep_and_a_sleep_before_birth_are_refused(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="UTC")
    mia = make_baby(alice.family, "Mia", age_days=40)
    log_in(page, "alice@example.com", PASSWORD)
    end = (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)

    page.goto("/log/sleep/new/")
    page.get_by_label("Start").fill((end - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("End").fill(end.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save sleep").click()
    expect(page.get_by_text("A sleep can last at most 24 hours here")).to_be_visible()
    shot(page, "issue10-01-long-sleep-refused")
    assert serious_violations(page) == []

    before_birth = timezone.now() - timedelta(days=60)
    page.get_by_label("Start").fill(before_birth.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("End").fill((before_birth + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save sleep").click()
    expect(page.get_by_text("more than a week before the baby's birth date").first).to_be_visible()
    assert not Sleep.objects.filter(baby=mia).exists()


def test_a_birth_date_in_1900_is_refused_with_the_reason(page: Page) -> None:
    make_member("alice@example.com", "Alice", time_zone="UTC")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/babies/add/")
    page.get_by_label("Baby's name").fill("Noa")
    page.get_by_label("Birth date").fill("1900-01-01")
    page.get_by_role("button", name="Add baby").click()
    expect(page.get_by_text("This app is for babies")).to_be_visible()
    shot(page, "issue10-02-birth-date-1900-refused")
    assert serious_violations(page) == []
    assert not Baby.objects.exists()
