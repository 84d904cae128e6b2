"""A mother sees a due wellbeing check, snoozes it (htmx), and sets up her reminders."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.reminders.models import ReminderSettings, ReminderState
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_snooze_a_due_check_and_choose_a_massage_time(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    baby = make_baby(alice.family, "Ada", age_days=35)  # the 1-month check is due
    log_in(page, "alice@example.com", PASSWORD)

    page.goto("/reminders/")
    card = page.locator("#reminders-due")
    expect(card.get_by_text("A short wellbeing check is due")).to_be_visible()
    expect(card.get_by_role("link", name="Take the check")).to_have_attribute(
        "href", "/wellbeing/epds/"
    )
    shot(page, "reminders-01-due")

    card.get_by_role("button", name="Remind me in 3 days").click()
    expect(page.get_by_text("A short wellbeing check is due")).to_have_count(0)
    state = ReminderState.objects.get(user=alice.user)
    assert state.key == f"epds:month-1:{baby.pk}" and state.snoozed_until

    page.goto("/reminders/settings/")
    page.get_by_label("Daily massage time").fill("19:30")
    bedtime = page.get_by_label("At tonight's bedtime window instead, when there is one")
    expect(bedtime).not_to_be_checked()  # off by default
    bedtime.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Reminder settings saved.")).to_be_visible()
    saved = ReminderSettings.objects.get(user=alice.user)
    assert str(saved.massage_time) == "19:30:00" and saved.massage_at_bedtime_window

    page.get_by_role("button", name="Create a calendar link").click()
    expect(page.locator("#feed-url")).to_contain_text("/reminders/feed/")
    shot(page, "reminders-02-settings-calendar")
    feed_path = page.locator("#feed-url").inner_text().split("/reminders/", 1)[1]
    response = page.request.get(f"/reminders/{feed_path}")
    assert response.status == 200 and b"RRULE:FREQ=DAILY" in response.body()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Turn off the link").click()
    expect(page.get_by_text("Calendar link turned off.")).to_be_visible()
    assert page.request.get(f"/reminders/{feed_path}").status == 404
