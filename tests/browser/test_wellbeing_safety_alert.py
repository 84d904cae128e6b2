"""A mother who answers item 10 and closes the page is not lost: the clinic's urgent alert is
recorded from the draft at once, and her "You" overview shows the crisis help first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, Organisation
from firsttouch.wellbeing.models import Response, SafetyEvent, Status
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_item_10_alone_records_the_alert_and_the_overview_leads_with_help(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    make_baby(alice.family, "Mia", age_days=40)
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, clinic, {"screenings_mood"})
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/wellbeing/epds/")

    page.locator("#q-10").get_by_label("Sometimes").check()
    expect(page.locator("#safety-live")).to_be_visible()  # the help, at once
    expect(page.locator("#epds-form")).to_have_attribute("data-draft-saved", "1")

    # She leaves without pressing the button.
    page.goto("/wellbeing/")
    draft = Response.objects.get(respondent=alice.user)
    assert draft.status == Status.DRAFT
    assert [a.organisation_id for a in Alert.objects.filter(response_id=draft.pk)] == [clinic.pk]
    assert SafetyEvent.objects.filter(response=draft, kind="raised").count() == 1

    block = page.locator("#safety")
    expect(block.get_by_role("heading", name="Help is available now")).to_be_visible()
    expect(block.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    heading = page.get_by_role("heading", level=1, name="Your wellbeing")
    block_box, heading_box = block.bounding_box(), heading.bounding_box()
    assert block_box is not None and heading_box is not None
    assert block_box["y"] < heading_box["y"]  # first on the page
    assert block_box["width"] <= 390
    shot(page, "wellbeing-overview-help-first")

    # Changing her answer to "Never" later keeps the alert and records the change.
    page.goto("/wellbeing/epds/")
    page.locator("#q-10").get_by_label("Never").check()
    expect(page.locator("#epds-form")).to_have_attribute("data-draft-saved", "1")
    assert Alert.objects.filter(response_id=draft.pk).count() == 1
    changed = SafetyEvent.objects.get(response=draft, kind="changed")
    assert (changed.old_score, changed.new_score) == (2, 0)
