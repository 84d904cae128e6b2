"""Issue 12 on a phone: the player picks up where it was after a reload, Today offers to
continue, a routine the baby is too young for is not offered to start, a stop sign ends the
session with what to do, and no page cuts off its text (phone and desktop)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.babies.models import Baby
from firsttouch.massage.content import library
from firsttouch.massage.models import MassageSession
from tests.cast import PASSWORD, make_baby, make_member

from .clipping import DESKTOP, clipped_text
from .conftest import PHONE, doc_shot, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe_clean_light_and_dark(page: Page) -> None:
    problems: list[str] = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        problems += serious_violations(page)
    page.emulate_media(color_scheme="light")
    assert problems == []


def alice_with(page: Page, age_days: int, gestational_weeks: int | None = None) -> Baby:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    baby = make_baby(alice.family, "Ava", age_days=age_days, gestational_weeks=gestational_weeks)
    log_in(page, "alice@example.com", PASSWORD)
    return baby


def pass_safety_check(page: Page, slug: str, baby: Baby, team_approved: bool = False) -> None:
    page.goto(f"/massage/{slug}/start/?baby={baby.pk}")
    for radio in page.locator("fieldset.question input[type=radio][value=no]").all():
        radio.check()
    if team_approved:
        page.locator("fieldset.question").filter(has_text="approved").get_by_label("Yes").check()
    page.get_by_role("button", name="Check and start").click()


def test_the_player_resumes_at_the_same_step_after_a_reload(page: Page) -> None:
    ava = alice_with(page, age_days=60)
    steps = library().get("full-body").steps  # type: ignore[union-attr]
    pass_safety_check(page, "full-body", ava)
    title = page.locator("#step-title")
    expect(title).to_contain_text(steps[0].stroke)
    page.locator("#player-next").click()
    page.locator("#player-next").click()
    expect(page.locator("#step-count")).to_have_text(f"Step 3 of {len(steps)}")

    page.reload()  # a reload, or the phone locking and the tab coming back
    expect(page.locator("#step-count")).to_have_text(f"Step 3 of {len(steps)}")
    expect(title).to_contain_text(steps[2].stroke)
    expect(page.locator("#resume-note")).to_be_visible()
    expect(page.locator("#player-pause")).to_have_attribute("aria-pressed", "true")
    doc_shot(page, "player-resume")
    axe_clean_light_and_dark(page)

    # Today offers to continue it, and continuing lands on the same step.
    page.goto(f"/baby/{ava.pk}/")
    box = page.locator("#continue-massage")
    expect(box).to_contain_text("Continue the massage")
    box.get_by_role("link", name="Continue the massage").click()
    expect(page.locator("#step-count")).to_have_text(f"Step 3 of {len(steps)}")

    page.locator("#player-pause").click()
    expect(page.locator("#resume-note")).to_be_hidden()
    page.locator("#player-finish").click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    assert MassageSession.objects.get().steps_completed == 2
    page.goto(f"/baby/{ava.pk}/")
    expect(page.locator("#continue-massage")).to_have_count(0)


def test_a_routine_the_baby_is_too_young_for_is_not_offered(page: Page) -> None:
    ava = alice_with(page, age_days=8)
    page.goto(f"/massage/bedtime-wind-down/?baby={ava.pk}")
    fit = page.locator("#age-fit")
    expect(fit).to_contain_text("fits from 2 weeks; Ava is 1 week old")
    expect(page.get_by_role("link", name="Start with Ava")).to_have_count(0)
    doc_shot(page, "routine-too-young")
    axe_clean_light_and_dark(page)
    fit.get_by_role("link", name="Newborn resting hands").click()
    expect(page.get_by_role("link", name="Start with Ava")).to_be_visible()

    page.goto(f"/massage/bedtime-wind-down/start/?baby={ava.pk}")
    expect(page.get_by_text("fits from 2 weeks")).to_be_visible()
    expect(page.get_by_role("button", name="Check and start")).to_have_count(0)
    assert not MassageSession.objects.exists()


def test_breathing_changes_stop_the_session_and_say_what_to_do(page: Page) -> None:
    ada = alice_with(page, age_days=14, gestational_weeks=30)
    pass_safety_check(page, "preterm-gentle-touch", ada, team_approved=True)
    expect(page.locator("#step-title")).to_be_visible()
    page.locator("#player-stop-early").click()
    dialog = page.locator("#stop-dialog")
    expect(page.locator("#stop-cancel")).to_be_visible()
    dialog.get_by_label("Breathing changes").check()
    advice = page.locator("#stop-signs-advice")
    expect(advice).to_be_visible()
    expect(advice).to_contain_text("NICU team")
    expect(page.locator("#stop-cancel")).to_be_hidden()  # no "keep going"
    page.keyboard.press("Escape")
    expect(dialog).to_be_visible()
    doc_shot(page, "safety-stop")
    axe_clean_light_and_dark(page)
    page.locator("#player-stop-confirm").click()

    expect(page.get_by_role("heading", name="Massage stopped")).to_be_visible()
    expect(page.locator("#safety-stop")).to_contain_text("NICU team")
    expect(page.get_by_text("Keep going")).to_have_count(0)
    axe_clean_light_and_dark(page)
    session = MassageSession.objects.get()
    assert session.ended_early and session.ended_at is not None
    assert session.cues == ["breathing-change"]
    assert "Breathing changes" in session.ended_early_reason

    # The safety check is asked again for the next session, every time.
    page.goto(f"/massage/preterm-gentle-touch/start/?baby={ada.pk}")
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()


def test_cues_ticked_when_stopping_are_carried_into_the_log(page: Page) -> None:
    ava = alice_with(page, age_days=60)
    pass_safety_check(page, "full-body", ava)
    page.locator("#player-stop-early").click()
    page.locator("#stop-dialog").get_by_label("Arching the back").check()
    page.locator("#player-stop-confirm").click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    expect(page.get_by_label("Arching the back")).to_be_checked()
    page.get_by_role("button", name="Save").click()
    assert MassageSession.objects.get().cues == ["arching"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_text_is_clipped_on_the_main_family_pages(page: Page, size: dict[str, int]) -> None:
    page.set_viewport_size(size)
    ava = alice_with(page, age_days=60)
    session = MassageSession.objects.create(baby=ava, routine_slug="full-body")
    problems: list[str] = []
    for path in [
        f"/baby/{ava.pk}/",
        "/log/",
        "/massage/",
        f"/massage/?baby={ava.pk}&goal=sleep",
        "/massage/full-body/",
        "/massage/full-body/start/",
        f"/massage/session/{session.pk}/play/",
        f"/massage/session/{session.pk}/log/",
        "/massage/sessions/",
        "/wellbeing/",
        "/wellbeing/epds/",
    ]:
        page.goto(path)
        problems += clipped_text(page)
    assert problems == []
    # Routine cards in the library keep the card's padding.
    page.goto(f"/massage/?baby={ava.pk}")
    card = page.locator("#suggested > li.card").first
    assert card.evaluate("e => parseFloat(getComputedStyle(e).paddingLeft)") >= 12


def test_the_clipping_check_finds_clipped_text(page: Page) -> None:
    """The helper itself: each kind of problem it names is found on a small page."""
    page.set_content(
        """<main>
        <p id="cut" style="width:60px; overflow:hidden; white-space:nowrap">
          A sentence far too long</p>
        <div class="card" style="width:100px; border:1px solid"><span id="out"
          style="display:inline-block; width:300px">Runs out of its card</span></div>
        <fieldset style="border:1px solid"><legend id="on-border">Question 1</legend></fieldset>
        </main>"""
    )
    found = "\n".join(clipped_text(page))
    assert "p#cut cuts off its text" in found
    assert "span#out runs out of div.card" in found
    assert "legend#on-border sits on the border" in found
    page.set_content("<main><p>Fits well</p></main>")
    assert clipped_text(page) == []
