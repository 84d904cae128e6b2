"""A mother logs a breast massage with a temperature of 38.6 °C and is told to see someone
today, first thing on the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.lactation.models import LactationSession
from tests.cast import PASSWORD, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_fever_shows_the_same_day_red_flag_prominently(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/lactation/")
    expect(page.get_by_role("heading", name="Gentle breast massage")).to_be_visible()
    shot(page, "lactation-01-guide")

    page.get_by_role("link", name="Log a session").first.click()
    page.get_by_label("Left").check()
    page.get_by_label("Pain (0 to 10)").fill("5")
    page.get_by_label("Temperature (°C)").fill("38.6")
    page.get_by_role("button", name="Save session").click()

    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("See a clinician today")
    expect(alert).to_contain_text("38.6")
    # Prominent: the alert comes before the page's heading and is in view without scrolling.
    box = alert.bounding_box()
    assert box is not None and box["y"] < 400
    shot(page, "lactation-02-red-flag-after-saving")

    session = LactationSession.objects.get(user=alice.user)
    assert str(session.temperature_c) == "38.6" and session.side == "left"

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("alert")).to_contain_text("See a clinician today")
    expect(page.get_by_role("heading", name="Left")).to_be_visible()
    shot(page, "lactation-03-history")


def test_bad_pain_shows_a_message_and_saves_nothing(page: Page) -> None:
    make_member("alice@example.com", "Alice", time_zone="Europe/London")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/lactation/log/")
    page.get_by_label("Right").check()
    page.get_by_label("Pain (0 to 10)").fill("12")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Nothing was saved yet")).to_be_visible()
    assert not LactationSession.objects.exists()
