"""Baby red flags on a phone (issue 9): a pale stool and a fever in a young baby are shown at
once in an alert box, stay on the home page, and the nappy form shows the stool colour card.
Checked with axe in light and dark mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.tracking.models import IllnessCheck, Nappy
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_pale_nappy_is_flagged_at_once_and_stays_on_the_home_page(
    page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=30)
    log_in(page, "alice@example.com", PASSWORD)

    page.goto(f"/log/nappy/new/?baby={mia.pk}")
    page.get_by_label("Dirty").check()
    # The colour card: each colour in words beside its swatch, the warning colours named.
    colours = page.locator("[data-field=colour]")
    expect(colours.locator(".swatch")).to_have_count(8)
    for words in ("Yellow / mustard", "Green", "Brown", "pale yellow", "clay or grey", "white"):
        expect(colours.get_by_text(words, exact=True)).to_be_visible()
    expect(colours.get_by_text("(see a doctor today)").first).to_be_visible()
    assert serious_violations(page) == []
    shot(page, f"60-nappy-colour-card-{scheme}")

    colours.get_by_label("Pale / white / chalky").check()
    page.get_by_role("button", name="Save nappy").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Contact your doctor or health visitor today")
    expect(alert).to_contain_text("liver problem that needs checking quickly")
    assert Nappy.objects.get(baby=mia).colour == "pale"
    assert serious_violations(page) == []
    shot(page, f"61-pale-nappy-alert-{scheme}")

    page.goto(f"/baby/{mia.pk}/")
    recent = page.locator("#recent-flags")
    expect(recent).to_contain_text("Red flags logged in the last 14 days")
    expect(recent).to_contain_text("pale, white, clay-coloured or chalky stool")
    expect(recent.locator("time")).to_be_visible()
    assert serious_violations(page) == []
    shot(page, f"62-home-recent-red-flags-{scheme}")


def test_a_fever_in_a_6_week_old_shows_the_urgent_message(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    ivy = make_baby(alice.family, "Ivy", age_days=42)
    log_in(page, "alice@example.com", PASSWORD)

    page.goto(f"/log/?baby={ivy.pk}")
    page.get_by_role("link", name="Add temperature and signs of illness").click()
    page.get_by_label("Temperature (°C)").fill("38.2")
    page.get_by_label("Feeding poorly").check()
    page.get_by_role("button", name="Save temperature and signs of illness").click()
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading")).to_have_text("Get urgent medical help now")
    expect(alert).to_contain_text("Get urgent medical assessment now")
    expect(alert).to_contain_text("Poor feeding")
    check = IllnessCheck.objects.get(baby=ivy)
    assert check.signs == ["feeding_poorly"]
    assert serious_violations(page) == []
    shot(page, "63-fever-6-weeks-urgent")
