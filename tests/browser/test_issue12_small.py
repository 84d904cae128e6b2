"""Issue 12's small things, in a real browser on a phone, light and dark, axe clean.

With FIRSTTOUCH_DOC_SHOTS=1 the light runs also save the docs' pictures (docs/screenshots/
login.png, invite-share.png, partner-you.png, selfcare-after-epds.png).
"""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.selfcare import services as selfcare
from firsttouch.wellbeing import services as wellbeing
from firsttouch.wellbeing.tests.epds_answers import with_total
from tests.cast import PASSWORD, invite_member, make_member

from .conftest import doc_shot, log_in, serious_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMES = ["light", "dark"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_log_in_page_says_what_it_is_and_names_the_e_mail(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    make_member("alice@example.com", "Alice")
    log_in(page, "alice@example.com", "not-her-password")
    expect(page.get_by_text("firsttouch is a companion for your baby")).to_be_visible()
    expect(page.get_by_text("Please enter a correct e-mail and password")).to_be_visible()
    expect(page.get_by_text("username")).to_have_count(0)
    problems = serious_violations(page)
    doc_shot(page, "login", scheme)
    assert problems == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_invitation_link_copies_with_a_visible_confirmation(page: Page, scheme: str) -> None:
    """Without Web Share (desktop Chromium on Linux) the button copies and says "Copied"."""
    page.emulate_media(color_scheme=scheme)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    make_member("alice@example.com", "Alice")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/accounts/family/")
    page.get_by_role("button", name="Create invitation link").click()
    link = page.locator("#invite-link")
    expect(link).to_be_visible()
    url = link.inner_text()
    assert "/invite/" in url
    assert link.evaluate("el => getComputedStyle(el).userSelect") != "none"
    button = page.get_by_role("button", name="Copy link")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#invite-share-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == url
    problems = serious_violations(page)
    link.evaluate("el => el.scrollIntoView({block: 'center'})")
    doc_shot(page, "invite-share", scheme)
    assert problems == []


def test_where_the_phone_can_share_the_button_opens_the_share_sheet(page: Page) -> None:
    page.add_init_script(
        "window.__shared = [];"
        "navigator.share = (data) => { window.__shared.push(data); return Promise.resolve(); };"
    )
    make_member("alice@example.com", "Alice")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/accounts/family/")
    page.get_by_role("button", name="Create invitation link").click()
    url = page.locator("#invite-link").inner_text()
    page.get_by_role("button", name="Share link").click()
    wait_until(page, "window.__shared.length === 1")
    assert page.evaluate("window.__shared[0].url") == url


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_partners_you_tab_is_their_own(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice")
    invite_member(alice, "dan@example.com", "Dan")
    log_in(page, "dan@example.com", PASSWORD)
    page.get_by_role("link", name="You", exact=True).click()
    expect(page.get_by_role("heading", name="Your wellbeing")).to_be_visible()
    expect(page.get_by_role("link", name="Your mood and self-care today")).to_be_visible()
    expect(page.get_by_text("Breast massage")).to_have_count(0)
    expect(page.get_by_text("new mother")).to_have_count(0)
    expect(page.get_by_role("link", name="Take a check now")).to_have_count(0)
    problems = serious_violations(page)
    doc_shot(page, "partner-you", scheme)
    page.goto("/lactation/")
    expect(
        page.get_by_role("heading", name="This page is written for the baby's mother")
    ).to_be_visible()
    problems += serious_violations(page)
    page.get_by_role("link", name="Your mood and self-care today").click()
    expect(page.get_by_role("heading", name="Mood and self-care", level=1)).to_be_visible()
    problems += serious_violations(page)
    assert problems == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_self_care_after_a_check_with_item_10_shows_the_crisis_help(
    page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice")
    today = timezone.localdate()
    selfcare.set_symptoms(alice.user, today, anxiety=True, low_energy=True, extreme_sadness=True)
    draft = wellbeing.submit(alice.user, alice.family, "epds", with_total(7, item10=1))
    wellbeing.complete(
        draft, at=datetime.combine(today, time(9), tzinfo=timezone.get_current_timezone())
    )
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/selfcare/")
    expect(page.get_by_role("heading", name="Help is available now")).to_be_visible()
    expect(page.get_by_text("Take the wellbeing check now")).to_have_count(0)
    problems = serious_violations(page)
    doc_shot(page, "selfcare-after-epds", scheme)
    assert problems == []
