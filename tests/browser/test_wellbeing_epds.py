"""The EPDS on a phone: answering item 10 with anything but "Never" shows help at once, before
the form is sent, and first again on the result; a low score shows no crisis block."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.wellbeing.models import Response
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORWARD = {1, 2, 4}


def answer_zero(page: Page, items: range) -> None:
    """Tick the answer scored 0 on each item (the first for 1, 2, 4; the last otherwise)."""
    for i in items:
        index = 0 if i in FORWARD else 3
        page.locator(f"#q-{i} input[value='{index}']").check()


def start_check(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    make_baby(alice.family, "Mia", age_days=40)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/wellbeing/")
    shot(page, "wellbeing-01-overview")
    page.get_by_role("link", name="Take a check now").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edinburgh Postnatal")
    expect(page.locator("#citation")).to_contain_text("Cox, J.L., Holden, J.M., Sagovsky, R.")


def test_hardly_ever_on_item_10_shows_the_crisis_lines_at_once_and_first(page: Page) -> None:
    start_check(page)
    answer_zero(page, range(1, 10))
    live = page.locator("#safety-live")
    expect(live).to_be_hidden()

    page.locator("#q-10").get_by_label("Hardly ever").check()
    # Before anything is sent: the help is on the screen with a button to call.
    expect(live).to_be_visible()
    expect(live.get_by_role("heading", name="Help is available now")).to_be_visible()
    call = live.get_by_role("link", name="Call 116 123")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:116123")
    expect(live.get_by_role("link", name="Call 999 (emergency)")).to_have_attribute(
        "href", "tel:999"
    )
    # The page also saves her draft in the background (the clinic alert is raised then):
    # nothing is scored until she presses the button.
    expect(page.locator("#epds-form")).to_have_attribute("data-draft-saved", "1")
    assert not Response.objects.filter(status="complete").exists()
    shot(page, "wellbeing-02-item10-help-at-once")

    # Changing the answer to "Never" takes it away again; back to "Hardly ever" shows it.
    page.locator("#q-10").get_by_label("Never").check()
    expect(live).to_be_hidden()
    page.locator("#q-10").get_by_label("Hardly ever").check()
    expect(live).to_be_visible()

    page.get_by_role("button", name="See my result").click()
    block = page.locator("#safety")
    expect(block).to_be_visible()
    expect(block.get_by_role("link", name="Call 116 123")).to_be_visible()
    score = page.locator("#score")
    expect(score).to_contain_text("1")
    # First on the page: the help sits above the score.
    block_box, score_box = block.bounding_box(), score.bounding_box()
    assert block_box is not None and score_box is not None
    assert block_box["y"] < score_box["y"]
    shot(page, "wellbeing-03-result-help-first")

    page.get_by_role("link", name="See all your checks").click()
    expect(page.locator("svg#epds-trend")).to_be_visible()
    shot(page, "wellbeing-06-history")


def test_a_low_score_shows_the_result_without_the_crisis_block(page: Page) -> None:
    start_check(page)
    answer_zero(page, range(1, 11))
    expect(page.locator("#safety-live")).to_be_hidden()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_text("Below the usual screening threshold")).to_be_visible()
    expect(page.locator(".safety-block")).to_have_count(0)
    expect(page.get_by_role("heading", name="Where to get help")).to_be_visible()
    shot(page, "wellbeing-04-result-low")


def test_a_half_finished_check_is_kept_as_a_draft(page: Page) -> None:
    start_check(page)
    answer_zero(page, range(1, 4))
    page.get_by_role("button", name="See my result").click()
    expect(page.locator("#missing-summary")).to_contain_text("7 questions still need an answer")
    shot(page, "wellbeing-05-draft")
    page.goto("/wellbeing/")
    page.get_by_role("link", name="Finish the check you started").click()
    expect(page.locator("#q-1 input[value='0']")).to_be_checked()


@pytest.mark.parametrize("answer", ["Yes, quite often", "Sometimes", "Hardly ever"])
def test_every_non_zero_item_10_answer_shows_help_at_once_and_first_on_the_result(
    page: Page, answer: str
) -> None:
    start_check(page)
    answer_zero(page, range(1, 10))
    live = page.locator("#safety-live")
    page.locator("#q-10").get_by_label(answer, exact=True).check()
    expect(live).to_be_visible()
    expect(live.get_by_role("link", name="Call 999 (emergency)")).to_be_visible()
    page.get_by_role("button", name="See my result").click()
    body = page.locator("main")
    expect(body.get_by_role("heading", name="Help is available now")).to_be_visible()
    html = body.inner_html()
    assert html.index("Help is available now") < html.index("of 30")
    assert Response.objects.get().flags.get("alert_failed") is not True
