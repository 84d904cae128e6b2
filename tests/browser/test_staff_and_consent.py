"""Organisations in a real browser: a mother joins by link choosing categories, and a nurse
accepts her invitation, sets up two-factor authentication and reads the family's summary.

Both journeys run in light and dark mode with the axe check on every page, and save
screenshots under test-artifacts/screenshots/.
"""

from __future__ import annotations

from base64 import b32decode

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from firsttouch.programs import staff
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Consent, Organisation, StaffRole
from firsttouch.tracking.models import Note
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from(secret_text: str) -> str:
    """What an authenticator app shows now for the key typed from the page (RFC 6238)."""
    raw = secret_text.replace(" ", "")
    key = b32decode(raw + "=" * (-len(raw) % 8))
    return str(totp(key)).zfill(6)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_mother_joins_by_link_and_chooses_what_to_share(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    make_member("alice@example.com", "Alice")
    Organisation.objects.create(
        name="Riverside massage class",
        kind="class_provider",
        contact_email="team@river.test",
        join_code="RIVER234",
    )
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/join/RIVER234/")
    expect(page.get_by_role("heading", name="Share with Riverside massage class?")).to_be_visible()
    expect(page.get_by_text("Infant-massage class provider")).to_be_visible()
    for box in page.get_by_role("checkbox").all():
        expect(box).not_to_be_checked()  # nothing ticked for her
    problems = serious_violations(page)
    shot(page, f"consent-join-{scheme}")
    page.get_by_label("Massage sessions").check()
    page.get_by_label("Free-text notes").check()
    page.get_by_role("button", name="I agree").click()
    expect(page.get_by_text("You now share with Riverside massage class.")).to_be_visible()
    expect(page.get_by_text("Massage sessions, Free-text notes")).to_be_visible()
    problems += serious_violations(page)
    shot(page, f"consent-sharing-{scheme}")
    consent = Consent.objects.get()
    assert consent.categories == {"massage_sessions", "notes"}
    assert problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_nurse_accepts_sets_up_two_factor_and_reads_a_consented_family(
    page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia")
    Note.objects.create(baby=mia, time=timezone.now(), notes="Loves the leg strokes")
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="t@river.test")
    give_consent(alice.user, clinic, {"notes"})
    _, raw = staff.invite(clinic, "nurse@river.test", StaffRole.CLINICIAN, invited_by=None)

    page.goto(f"/staff/invitations/{raw}/")
    expect(page.get_by_role("heading", name="Join Riverside clinic")).to_be_visible()
    problems = serious_violations(page)
    page.get_by_label("Your name").fill("Nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account and join").click()

    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    problems += serious_violations(page)
    shot(page, f"staff-2fa-setup-{scheme}")
    page.get_by_label("Code", exact=True).fill(code_from(page.locator("#totp-secret").inner_text()))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    problems += serious_violations(page)
    page.get_by_role("link", name="I have kept them").click()

    expect(page.get_by_role("heading", name="Staff")).to_be_visible()
    expect(page.get_by_text("Riverside clinic")).to_be_visible()
    problems += serious_violations(page)

    page.goto(f"/staff/{clinic.pk}/families/{alice.family.pk}/")
    expect(page.get_by_text("Loves the leg strokes")).to_be_visible()
    expect(page.get_by_role("heading", name="Massage sessions")).to_have_count(0)
    problems += serious_violations(page)
    shot(page, f"staff-family-{scheme}")
    assert AccessLog.objects.count() == 1
    assert problems == []
