"""Stroke pictures on a phone: the routine page draws every step, the player draws the step in
hand and changes it with the step, the arrows drift gently unless reduced motion is asked for,
and axe finds nothing serious in light or dark mode.

With FIRSTTOUCH_DOC_SHOTS=1 the test also saves docs/screenshots/stroke-pictures-player.png and
stroke-pictures-routine.png (390x844); normal runs leave the docs alone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from firsttouch.massage.content import library
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import doc_shot, log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUTINE = "tummy-gas-constipation"


def arrow_animation(drawing: Locator) -> str:
    return str(drawing.locator(".arrow").first.evaluate("a => getComputedStyle(a).animationName"))


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def open_routine(page: Page) -> int:
    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia", age_days=70)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/massage/{ROUTINE}/?baby={mia.pk}")
    return mia.pk


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_routine_page_and_player_show_the_stroke_pictures(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    lib = library()
    routine = lib.get(ROUTINE)
    assert routine is not None
    open_routine(page)

    # The routine page: every step has its picture, labelled with its alt text.
    drawings = page.locator("ol.steps svg[role=img]")
    expect(drawings).to_have_count(len(routine.steps))
    for i, step in enumerate(routine.steps):
        expect(drawings.nth(i)).to_have_attribute("aria-label", lib.pictures[step.picture].alt)
    clockwise = page.get_by_role("img", name=lib.pictures["tummy-clockwise"].alt).first
    expect(clockwise).to_be_visible()
    assert arrow_animation(clockwise) == "stroke-flow"
    no_sideways_scroll(page)
    assert serious_violations(page) == []
    page.evaluate("document.querySelector('ol.steps > li:nth-child(2)').scrollIntoView()")
    page.evaluate("window.scrollBy(0, -8)")
    doc_shot(page, "stroke-pictures-routine" + ("-dark" if scheme == "dark" else ""))

    # The player: one picture at a time, the current step's.
    page.get_by_role("link", name="Start").first.click()
    for radio in page.locator("fieldset.question input[type=radio][value=no]").all():
        radio.check()
    page.get_by_role("button", name="Check and start").click()
    current = page.locator("#step-picture svg[role=img]:visible")
    expect(page.locator("#player")).to_have_attribute("data-ready", "true")
    expect(page.locator("#step-title")).to_contain_text(routine.steps[0].stroke)
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("data-picture", routine.steps[0].picture)
    target = next(i for i, s in enumerate(routine.steps) if s.picture == "tummy-clockwise")
    for i in range(1, target + 1):
        page.locator("#player-next").click()
        expect(page.locator("#step-title")).to_contain_text(routine.steps[i].stroke)
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("data-picture", routine.steps[i].picture)
    expect(current).to_have_accessible_name(lib.pictures["tummy-clockwise"].alt)
    box = current.bounding_box()
    assert box is not None and box["width"] >= 120  # big enough to read on a phone
    assert arrow_animation(current) == "stroke-flow"
    no_sideways_scroll(page)
    assert serious_violations(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    doc_shot(page, "stroke-pictures-player" + ("-dark" if scheme == "dark" else ""))
    shot(page, f"stroke-pictures-player-{scheme}-full")


def test_reduced_motion_keeps_the_arrows_still(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")
    open_routine(page)
    drawing = page.get_by_role("img", name=library().pictures["tummy-clockwise"].alt).first
    expect(drawing).to_be_visible()
    assert arrow_animation(drawing) == "none"
    dashes = drawing.locator(".arrow").first.evaluate("a => getComputedStyle(a).strokeDasharray")
    assert dashes == "none"  # a still, solid line
