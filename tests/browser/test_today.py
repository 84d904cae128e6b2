"""Issue 12, "Logging at 3 a.m., one-handed": the Today page on a phone.

A nappy in one tap with an undo, a breastfeed that switches sides on one running timer, a day
browsed back, and twins side by side; axe clean in light and dark. With
FIRSTTOUCH_DOC_SHOTS=1 the tests also save docs/screenshots/today-*.png.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.tracking.models import Feed, Nappy, Sleep
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import doc_shot, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_nappy_in_one_tap_then_undone(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=40)
    now = timezone.now()
    Feed.objects.create(
        baby=mia,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1, minutes=40),
        side="left",
    )
    log_in(page, "alice@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Mia", exact=True)).to_be_visible()
    expect(page.locator("#next-breast")).to_have_text("Right")

    page.locator("#one-tap").get_by_role("button", name="Dirty", exact=True).click()
    expect(page.locator("#just-saved")).to_contain_text("Nappy: dirty")
    assert page.url.endswith(f"/baby/{mia.pk}/")  # back where the tap was, not a list
    assert Nappy.objects.filter(baby=mia).count() == 1
    expect(page.locator("#totals")).to_contain_text("Dirty nappies")
    no_sideways_scroll(page)
    doc_shot(page, "today-nappy-saved")

    page.locator("#just-saved").get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Undone: Nappy: dirty removed.")).to_be_visible()
    assert not Nappy.objects.filter(baby=mia).exists()


def test_a_breastfeed_switches_sides_on_one_timer(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=40)
    log_in(page, "alice@example.com", PASSWORD)

    page.locator("#one-tap").get_by_role("button", name="Left breast").click()
    expect(page.get_by_role("button", name="Switch to right")).to_be_visible()
    running = Feed.objects.get(baby=mia)
    Feed.objects.filter(pk=running.pk).update(start=timezone.now() - timedelta(minutes=9))
    page.reload()
    page.get_by_role("button", name="Switch to right").click()
    expect(page.get_by_role("button", name="Switch to left")).to_be_visible()
    expect(page.locator("#timers")).to_contain_text("left 9 min")
    doc_shot(page, "today-side-switch")

    page.get_by_role("button", name="Stop feed").click()
    expect(page.locator("#next-breast")).to_have_text("Left")
    feed = Feed.objects.get(baby=mia)
    assert feed.end is not None and feed.side == "both"
    assert feed.left_seconds is not None and feed.left_seconds >= 9 * 60
    assert feed.right_seconds is not None


def test_a_day_browsed_back(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=40)
    yesterday = timezone.now() - timedelta(days=1)
    Sleep.objects.create(baby=mia, start=yesterday, end=yesterday + timedelta(minutes=95))
    log_in(page, "alice@example.com", PASSWORD)

    page.get_by_role("link", name="← Previous day").click()
    expect(page.locator("#timeline")).to_contain_text("Sleep, 1 h 35 min")
    expect(page.locator("#one-tap")).to_have_count(0)
    no_sideways_scroll(page)
    doc_shot(page, "today-previous-day")
    page.get_by_role("link", name="Next day →").click()
    expect(page.locator("#since")).to_be_visible()


def test_twins_side_by_side(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=40)
    noa = make_baby(alice.family, "Noa", age_days=40)
    now = timezone.now()
    Sleep.objects.create(baby=noa, start=now - timedelta(minutes=25), end=None)
    Nappy.objects.create(baby=mia, time=now - timedelta(minutes=50), wet=True)
    log_in(page, "alice@example.com", PASSWORD)

    glance = page.locator("#family-glance")
    expect(glance.locator(".glance-baby")).to_have_count(2)
    # One switcher: each name is a single link on the page, in the glance.
    expect(page.get_by_role("link", name="Noa", exact=True)).to_have_count(1)
    expect(glance).to_contain_text("Sleep, running for 25 min")
    expect(glance).to_contain_text("50 min ago")
    no_sideways_scroll(page)
    doc_shot(page, "today-twins")
    glance.get_by_role("link", name="Noa").click()
    expect(page.get_by_role("heading", level=1, name="Noa", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Stop sleep")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_today_has_no_serious_accessibility_problems(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=40)
    noa = make_baby(alice.family, "Noa", age_days=40)
    now = timezone.now()
    Feed.objects.create(baby=mia, start=now - timedelta(minutes=12), end=None, side="left")
    Nappy.objects.create(baby=noa, time=now - timedelta(minutes=50), wet=True)
    log_in(page, "alice@example.com", PASSWORD)
    page.locator("#one-tap").get_by_role("button", name="Wet", exact=True).click()
    expect(page.locator("#just-saved")).to_be_visible()
    problems = serious_violations(page)
    if scheme == "dark":
        doc_shot(page, "today-dark")
    page.goto(f"/baby/{mia.pk}/?day={(timezone.localdate() - timedelta(days=1)).isoformat()}")
    problems += serious_violations(page)
    page.goto(f"/log/feed/new/?baby={mia.pk}&kind=bottle")
    page.get_by_role("button", name="90 ml").click()
    expect(page.get_by_label("Amount (ml)")).to_have_value("90")
    problems += serious_violations(page)
    assert not problems, "\n".join(problems)
