"""The alert queue in a real browser, at a desk's width: a clinician logs in with her second
factor, finds the urgent alert at the top of the queue, opens it with the keyboard,
acknowledges it, records a phone call and resolves it.

Runs in light and dark mode with the axe check on every page; screenshots are saved under
test-artifacts/screenshots/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import (
    AccessLog,
    Alert,
    AlertContact,
    AlertKind,
    AlertPriority,
    Organisation,
    StaffRole,
)
from tests.cast import PASSWORD, make_member
from tests.staff import current_code, device_for, make_staff

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1366, "height": 900}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_clinician_acknowledges_records_a_call_and_resolves_an_urgent_alert(
    page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size(DESK)
    alice = make_member("alice@example.com", "Alice")
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="t@river.test")
    give_consent(alice.user, clinic, {"screenings_mood"})
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse", StaffRole.CLINICIAN)
    device = device_for(nurse)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Alert.objects.create(
        organisation=clinic,
        kind=AlertKind.EPDS_HIGH,
        priority=AlertPriority.ROUTINE,
        respondent=alice.user,
        response_id=1,
        family_id=alice.family.pk,
        created_at=an_hour_ago - timedelta(hours=1),
    )
    urgent = Alert.objects.create(
        organisation=clinic,
        respondent=alice.user,
        response_id=2,
        family_id=alice.family.pk,
        created_at=an_hour_ago,
    )

    log_in(page, "nurse@river.test", PASSWORD)
    page.goto(f"/staff/{clinic.pk}/alerts/")
    expect(page.get_by_role("heading", name="Your code")).to_be_visible()
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Alerts")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("2 alerts")
    # Urgent first although the routine one is older.
    first_row = table.locator("tbody tr").first
    expect(first_row).to_contain_text("Urgent")
    expect(first_row).to_contain_text(f"Family #{alice.family.pk}")
    expect(page.get_by_text("Alice's family")).to_have_count(0)
    problems = serious_violations(page)
    shot(page, f"staff-alert-queue-{scheme}")

    # Keyboard: focus the urgent alert's link and open it with Enter.
    link = page.get_by_role("link", name=f"Alert {urgent.pk}", exact=True)
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=f"Alert {urgent.pk}")).to_be_visible()
    expect(page.get_by_text("Alice's family")).to_be_visible()
    problems += serious_violations(page)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged: the escalation stops.")).to_be_visible()

    page.get_by_label("How you made contact").select_option("phone")
    page.get_by_label("When you made contact").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Outcome").fill("Spoke to her; she is safe and sees her GP today.")
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Spoke to her; she is safe")).to_be_visible()

    page.get_by_role("button", name="Resolve the alert").click()  # no note yet
    expect(page.get_by_text("Say how the alert was resolved before closing it.")).to_be_visible()
    page.get_by_label("How was it resolved?").fill("Seen by her GP the same day.")
    page.get_by_role("button", name="Resolve the alert").click()
    expect(page.get_by_text("Resolved.", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Resolve the alert")).to_have_count(0)
    problems += serious_violations(page)
    shot(page, f"staff-alert-resolved-{scheme}")

    urgent.refresh_from_db()
    assert urgent.acknowledged_by == nurse and urgent.resolved_by == nurse
    assert urgent.resolution_note == "Seen by her GP the same day."
    assert AlertContact.objects.get().method == "phone"
    assert AccessLog.objects.filter(family_id=alice.family.pk).count() >= 1
    assert problems == []
