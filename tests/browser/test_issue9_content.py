"""Issue 9 on a phone: the hips question leaves out the leg movements, the wand guidance shows
before a wand session, the preterm routine refuses a term baby, a fever answer raises an alert,
and the oil advice shows in the log."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.massage.content import library
from firsttouch.massage.models import Massager, MassageSession
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_clear(page: Page) -> None:
    """Every question answered so nothing stops the session ("team approved" is a yes)."""
    for fieldset in page.locator("fieldset.question").all():
        worry_on_no = "approved" in (fieldset.text_content() or "")
        fieldset.locator(f"input[value={'yes' if worry_on_no else 'no'}]").check()


def question(page: Page, words: str):  # type: ignore[no-untyped-def]
    return page.locator("fieldset.question").filter(has_text=words)


@pytest.fixture
def alice_with_mia(page: Page):  # type: ignore[no-untyped-def]
    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia", age_days=70)
    log_in(page, "alice@example.com", PASSWORD)
    expect(page.get_by_role("link", name="Massage", exact=True)).to_be_visible()
    return alice, mia


def test_a_pavlik_harness_leaves_out_knees_to_tummy_and_bicycling(
    page: Page, alice_with_mia
) -> None:  # type: ignore[no-untyped-def]
    routine = library().get("tummy-gas-constipation")
    assert routine is not None
    page.goto(f"/massage/{routine.slug}/start/")
    answer_clear(page)
    hips = question(page, "Pavlik harness")
    expect(hips).to_be_visible()
    hips.get_by_label("Yes").check()
    shot(page, "90-safety-hips")
    page.get_by_role("button", name="Check and start").click()
    expect(page.get_by_text("Ask your baby's hip team")).to_be_visible()
    left = len(routine.steps) - len(routine.hip_steps)
    expect(page.locator("#step-count")).to_have_text(f"Step 1 of {left}")
    assert MassageSession.objects.get().skipped_regions == ["legs"]


def test_a_fever_answer_raises_the_urgent_alert(page: Page, alice_with_mia) -> None:  # type: ignore[no-untyped-def]
    page.goto("/massage/full-body/start/")
    answer_clear(page)
    question(page, "unwell").get_by_label("Yes").check()
    page.get_by_role("button", name="Check and start").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("38 °C or more")
    expect(alert).to_contain_text("under 3 months")
    expect(alert).to_contain_text("does not fade under pressure")
    shot(page, "91-safety-fever")
    assert not MassageSession.objects.exists()


def test_the_wand_guidance_shows_before_a_wand_session_starts(page: Page, alice_with_mia) -> None:  # type: ignore[no-untyped-def]
    page.goto("/massage/full-body/start/")
    guidance = page.locator("#wand-guidance")
    expect(guidance).to_be_hidden()
    page.get_by_label("Massager wand").check()
    expect(guidance).to_be_visible()
    for line in library().wand_guidance:
        expect(guidance).to_contain_text(line)
    shot(page, "92-start-wand-guidance")
    answer_clear(page)
    page.get_by_role("button", name="Check and start").click()
    expect(page.locator("#step-count")).to_be_visible()
    assert MassageSession.objects.get().tool == "wand"


def test_the_log_form_shows_the_wand_guidance_and_warns_above_the_lowest_level(
    page: Page, alice_with_mia
) -> None:  # type: ignore[no-untyped-def]
    alice, _ = alice_with_mia
    Massager.objects.create(
        family=alice.family, name="Wand", vibration_levels=["off", "low", "medium"], heads=[]
    )
    page.goto("/massage/log/")
    guidance = page.locator("#wand-guidance")
    expect(guidance).to_be_hidden()
    # By keyboard, as a phone's fixed tab bar may cover the chip at the bottom of the screen.
    page.get_by_label("Massager wand").focus()
    page.keyboard.press("Space")
    expect(guidance).to_be_visible()
    expect(guidance).to_contain_text("lowest level")
    page.get_by_label("Vibration").select_option("medium")
    page.get_by_role("button", name="Save").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("above the lowest level")
    shot(page, "93-wand-warning")
    assert MassageSession.objects.get().vibration == "medium"


def test_the_preterm_routine_refuses_a_term_baby_even_when_approved(
    page: Page, alice_with_mia
) -> None:  # type: ignore[no-untyped-def]
    page.goto("/massage/preterm-gentle-touch/start/")
    answer_clear(page)
    expect(question(page, "approved").get_by_label("Yes")).to_be_checked()
    page.get_by_role("button", name="Check and start").click()
    expect(page.get_by_text("only for babies born before 37 weeks")).to_be_visible()
    shot(page, "94-preterm-refused")
    assert not MassageSession.objects.exists()


def test_the_oil_advice_shows_for_the_oil_typed(page: Page, alice_with_mia) -> None:  # type: ignore[no-untyped-def]
    page.goto("/massage/log/")
    advice = page.locator("#typed-oil-advice")
    expect(advice).to_be_hidden()
    page.get_by_label("Oil (optional)").fill("mustard oil")
    expect(advice).to_be_visible()
    expect(advice).to_contain_text("Not advised")
    page.get_by_label("Oil (optional)").fill("sunflower")
    expect(advice).to_contain_text("patch test")
    page.locator("#oil-advice summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Massage without oil is fine").first).to_be_visible()
    shot(page, "95-oil-advice")
