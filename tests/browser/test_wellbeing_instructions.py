"""The EPDS form on a phone: the published instructions as they are, worked example with its
underlined answer, and the product's "screening check, not a diagnosis" note above them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.wellbeing.tests.test_epds_instructions import OURS, PUBLISHED
from tests.cast import PASSWORD, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_published_instructions_and_our_note_apart(page: Page) -> None:
    make_member("alice@example.com", "Alice", time_zone="Europe/London")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/wellbeing/epds/")
    instructions = page.locator("#instructions")
    expect(instructions).to_be_visible()
    assert " ".join(instructions.inner_text().split()) == PUBLISHED
    expect(instructions.locator("u")).to_have_text("Yes, most of the time")
    note = page.locator("#screening-note")
    expect(note).to_have_text(OURS)
    note_box, box = note.bounding_box(), instructions.bounding_box()
    assert note_box is not None and box is not None
    assert note_box["y"] + note_box["height"] <= box["y"]  # before, and outside, them
    assert box["width"] <= 390
    shot(page, "wellbeing-epds-instructions")
