"""The core loop on a phone: sign up, add a baby, pass the safety check, follow the guided
routine through several steps, log how the baby responded, and see it on the home page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.massage.content import library
from firsttouch.massage.models import MassageSession

from .conftest import shot
from .test_signup_and_baby import add_baby, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUTINE = "bedtime-wind-down"


def answer_no_to_everything(page: Page) -> None:
    for radio in page.locator("fieldset.question input[type=radio][value=no]").all():
        radio.check()


def test_guided_bedtime_massage_is_logged_and_shown_at_home(page: Page) -> None:
    steps = library().get(ROUTINE).steps  # type: ignore[union-attr]
    sign_up(page)
    add_baby(page, "Mia", "2026-09-20")
    expect(page.get_by_role("heading", name="Mia", exact=True)).to_be_visible()

    page.get_by_role("link", name="Massage", exact=True).click()
    shot(page, "20-routine-library")
    page.get_by_role("link", name=library().get(ROUTINE).title).click()  # type: ignore[union-attr]
    shot(page, "21-routine-detail")
    page.get_by_role("link", name="Start").first.click()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()

    # An answer that rules massage out explains why and starts nothing.
    answer_no_to_everything(page)
    page.locator("fieldset.question").filter(has_text="unwell").get_by_label("Yes").check()
    page.get_by_role("button", name="Check and start").click()
    expect(page.get_by_text("until your baby is well again")).to_be_visible()
    shot(page, "22-safety-refused")
    assert not MassageSession.objects.exists()

    page.go_back()
    answer_no_to_everything(page)
    shot(page, "23-safety-check")
    page.get_by_role("button", name="Check and start").click()

    title = page.locator("#step-title")
    expect(title).to_contain_text(steps[0].stroke)
    expect(page.locator("#step-count")).to_have_text(f"Step 1 of {len(steps)}")
    shot(page, "24-player-step-1")
    page.locator("#player-next").click()
    expect(title).to_contain_text(steps[1].stroke)
    page.keyboard.press("ArrowRight")
    expect(title).to_contain_text(steps[2].stroke)
    page.locator("#player-back").click()
    expect(title).to_contain_text(steps[1].stroke)
    page.locator("#player-pause").click()
    expect(page.locator("#player-pause")).to_have_attribute("aria-pressed", "true")
    page.locator("#player-pause").click()
    page.locator("#player-next").click()
    expect(title).to_contain_text(steps[2].stroke)
    shot(page, "25-player-step-3")
    page.locator("#player-finish").click()

    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    page.locator("fieldset").filter(has_text="Before, your baby was").get_by_label("Fussy").check()
    page.locator("fieldset").filter(has_text="After, your baby was").get_by_label("Drowsy").check()
    cue = library().cues.engagement[0]
    page.get_by_label(cue.label).check()
    shot(page, "26-log-session")
    page.get_by_role("button", name="Save").click()

    session = MassageSession.objects.get()
    assert session.routine_slug == ROUTINE
    assert session.ended_at is not None
    assert session.steps_completed == 2  # finished during step 3
    assert (session.state_before, session.state_after) == ("fussy", "drowsy")
    assert session.cues == [cue.id]

    page.goto(f"/baby/{session.baby_id}/")
    expect(page.locator("#timeline")).to_contain_text(library().get(ROUTINE).title)  # type: ignore[union-attr]
    expect(page.locator("#week-massage")).to_contain_text("1 day")
    shot(page, "27-home-after-massage")


def test_baby_isnt_enjoying_this_ends_early_with_a_reason(page: Page) -> None:
    sign_up(page)
    add_baby(page, "Mia", "2026-09-20")
    page.goto(f"/massage/{ROUTINE}/start/")
    answer_no_to_everything(page)
    page.get_by_role("button", name="Check and start").click()
    page.locator("#player-next").click()
    page.locator("#player-stop-early").click()
    cue = library().cues.disengagement[0]
    page.locator("#stop-dialog").get_by_label(cue.label).check()
    shot(page, "28-stop-early")
    page.locator("#player-stop-confirm").click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    session = MassageSession.objects.get()
    assert session.ended_early
    assert session.ended_at is not None
    assert cue.label.lower() in session.ended_early_reason.lower() or cue.id in session.cues


def test_which_areas_appears_only_after_yes_and_leaves_them_out(page: Page) -> None:
    sign_up(page)
    add_baby(page, "Mia", "2026-09-20")
    page.goto("/massage/full-body/start/")
    question = page.locator("fieldset.question").filter(has_text="vaccination")
    areas = question.locator("xpath=following-sibling::fieldset[1]")
    expect(areas).to_be_hidden()
    answer_no_to_everything(page)
    question.get_by_label("Yes").check()
    expect(areas).to_be_visible()
    areas.get_by_label("Legs").check()
    page.get_by_role("button", name="Check and start").click()
    expect(page.get_by_text("Leaving out today: Legs")).to_be_visible()
    assert MassageSession.objects.get().skipped_regions == ["legs"]
