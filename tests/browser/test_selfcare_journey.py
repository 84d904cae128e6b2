"""A mother taps her mood and a self-care tick on /selfcare/ and sees them kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.selfcare.models import MoodEntry, SelfCareDay
from tests.cast import PASSWORD, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tap_a_mood_and_a_self_care_tick(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/selfcare/")
    shot(page, "selfcare-01-today-empty")

    page.get_by_label("Note (optional)").fill("Slept in two long stretches")
    page.get_by_role("button", name="Good", exact=True).click()
    expect(page.get_by_role("button", name="Good", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_text("Saved: Good.")).to_be_visible()

    sun = page.get_by_role("button", name="Time outside in the sun")
    sun.click()
    expect(sun).to_have_attribute("aria-pressed", "true")

    entry = MoodEntry.objects.get(user=alice.user)
    assert (entry.mood, entry.note) == (4, "Slept in two long stretches")
    assert SelfCareDay.objects.get(user=alice.user).sun

    # Kept after a reload, and counted in the week.
    page.reload()
    expect(page.get_by_role("button", name="Good", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("button", name="Time outside in the sun")).to_have_attribute(
        "aria-pressed", "true"
    )
    shot(page, "selfcare-02-mood-and-tick-saved")


def test_three_symptoms_suggest_the_epds(page: Page) -> None:
    make_member("alice@example.com", "Alice", time_zone="Europe/London")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/selfcare/")
    for name in ("Anxiety", "Low energy", "Extreme sadness"):
        chip = page.get_by_role("button", name=name)
        chip.click()
        expect(chip).to_have_attribute("aria-pressed", "true")
    link = page.get_by_role("link", name="Take the wellbeing check now")
    expect(link).to_be_visible()
    assert (link.get_attribute("href") or "").endswith("/wellbeing/epds/")
    shot(page, "selfcare-03-suggest-epds")
