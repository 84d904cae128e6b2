"""The caseload in a real browser: a clinician sorts and filters it with the keyboard, opens a
family's timeline and sees only what the family shares; then the same caseload on a phone.

Light and dark, the axe check on every page, screenshots under test-artifacts/screenshots/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.massage.models import MassageSession
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.tracking.models import Note, Sleep
from firsttouch.wellbeing.models import Response, Status
from tests.cast import PASSWORD, Member, make_baby, make_member
from tests.staff import current_code, device_for, make_staff

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


def screened(member: Member, total: int, band: str) -> None:
    Response.objects.create(
        family=member.family,
        respondent=member.user,
        instrument_id="epds",
        instrument_version="1",
        status=Status.COMPLETE,
        completed_at=timezone.now() - timedelta(days=2),
        total=total,
        band=band,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_clinician_sorts_filters_and_opens_a_timeline(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    now = timezone.now()
    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia")
    MassageSession.objects.create(
        baby=mia, started_at=now - timedelta(hours=3), ended_at=now - timedelta(hours=2, minutes=45)
    )
    Note.objects.create(baby=mia, time=now - timedelta(hours=1), notes="Loves the leg strokes")
    Sleep.objects.create(baby=mia, start=now - timedelta(hours=6), end=now - timedelta(hours=5))
    screened(alice, 14, "probable")
    bob = make_member("bob@example.com", "Bob")
    screened(bob, 4, "below")
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="t@river.test")
    give_consent(alice.user, clinic, {"massage_sessions", "notes", "screenings_mood"})
    give_consent(bob.user, clinic, {"screenings_mood"})
    nurse = make_staff(clinic, "nina@river.test", "Nina Nurse", StaffRole.CLINICIAN)
    device = device_for(nurse)

    page.set_viewport_size(DESKTOP)
    log_in(page, "nina@river.test", PASSWORD)
    page.goto(f"/staff/{clinic.pk}/caseload/")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    table = page.get_by_role("table", name="Families sharing with Riverside clinic")
    rows = table.locator("tbody th[scope=row]")
    expect(rows).to_have_text(["Alice's family", "Bob's family"])
    problems = serious_violations(page)
    shot(page, f"caseload-{scheme}")

    # Sort by the latest EPDS band with the keyboard: worst first, then reversed.
    band = page.get_by_role("link", name="Latest EPDS")
    band.focus()
    page.keyboard.press("Enter")
    header = page.get_by_role("columnheader", name="Latest EPDS")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(rows).to_have_text(["Alice's family", "Bob's family"])
    page.get_by_role("link", name="Latest EPDS").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(rows).to_have_text(["Bob's family", "Alice's family"])

    # Filter: families sharing free-text notes (the sort is kept).
    page.get_by_label("Shares").select_option("notes")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_text(["Alice's family"])
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Family name").fill("bob")
    page.get_by_label("Family name").press("Enter")
    expect(rows).to_have_text(["Bob's family"])
    problems += serious_violations(page)

    # Alice's timeline: her massage session, her note and her screening; no sleep (not shared).
    page.get_by_role("link", name="Clear").click()
    page.get_by_role("link", name="Alice's family").click()
    expect(page.get_by_role("heading", name="Alice's family: timeline")).to_be_visible()
    expect(page.get_by_text("Loves the leg strokes")).to_be_visible()
    expect(page.get_by_text("Massage session (Mia)")).to_be_visible()
    expect(page.get_by_text("score 14, probable")).to_be_visible()
    expect(page.get_by_text("Sleep (Mia)")).to_have_count(0)
    problems += serious_violations(page)
    shot(page, f"caseload-timeline-{scheme}")
    assert AccessLog.objects.filter(what__startswith="family timeline").count() == 1
    assert problems == []


def test_the_caseload_scrolls_sideways_on_a_phone(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice")
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="t@river.test")
    give_consent(alice.user, clinic, {"notes"})
    nurse = make_staff(clinic, "nina@river.test", "Nina Nurse", StaffRole.CLINICIAN)
    device = device_for(nurse)
    log_in(page, "nina@river.test", PASSWORD)
    page.goto(f"/staff/{clinic.pk}/caseload/")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    region = page.get_by_role("region", name="Families sharing with Riverside clinic")
    expect(region).to_be_visible()
    wide, shown = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert wide > shown  # the table scrolls inside its region, not the whole page
    page_wide, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert page_wide <= viewport
    problems = serious_violations(page)
    shot(page, "caseload-phone")
    assert problems == []
