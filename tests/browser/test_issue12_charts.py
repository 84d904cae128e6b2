"""Issue 12 on a phone: week/month charts with gaps, what the baby enjoyed, tonight's window.

With FIRSTTOUCH_DOC_SHOTS=1 the test also saves docs/screenshots/charts-week.png,
enjoyed.png and bedtime-window.png; normal runs leave the docs alone.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Feed, Nappy, Sleep
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def doc_shot(page: Page, name: str, selector: str) -> None:
    shot(page, name)
    if os.environ.get("FIRSTTOUCH_DOC_SHOTS") == "1":
        page.locator(selector).evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(DOCS / f"{name}.png"))


def plant(baby: Baby) -> None:
    """Fourteen regular nights (asleep about 19:30), and a week with a day left unlogged."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    for n in range(1, 15):
        day = today - timedelta(days=n)
        start = datetime(day.year, day.month, day.day, 19, 25 + (n % 3) * 5, tzinfo=tz)
        Sleep.objects.create(baby=baby, start=start, end=start + timedelta(hours=5))
    for n in (1, 2, 4, 5):  # nothing but the night on day 3 and day 6
        day = today - timedelta(days=n)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=tz)
        Feed.objects.create(baby=baby, start=noon, end=noon + timedelta(minutes=20))
        Nappy.objects.create(baby=baby, time=noon, wet=True, dirty=n % 2 == 0)
    ended = timezone.now() - timedelta(days=1)
    rows = [("bedtime-wind-down", "fussy", "drowsy", False)] * 5
    rows += [("tummy-gas-constipation", "calm", "fussy", False)] * 4
    rows += [("tummy-gas-constipation", "calm", "calm", True)] * 2
    rows += [("colic-comfort", "fussy", "calm", False)] * 2
    MassageSession.objects.bulk_create(
        MassageSession(
            baby=baby,
            routine_slug=slug,
            started_at=ended - timedelta(minutes=10),
            ended_at=ended,
            state_before=before,
            state_after=after,
            ended_early=early,
        )
        for slug, before, after, early in rows
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_enjoyment_and_the_bedtime_window(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    ava = make_baby(alice.family, "Ava", age_days=90)
    plant(ava)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/baby/{ava.pk}/")

    card = page.locator("#bedtime-window")
    expect(card.get_by_text("start the bedtime massage between")).to_be_visible(timeout=15000)
    expect(card).to_contain_text("from Ava’s last 14 nights")
    card.get_by_text("How this is worked out").click()
    expect(card).to_contain_text("first sleep of at least 3 hours")
    problems = serious_violations(page)
    if scheme == "light":
        doc_shot(page, "bedtime-window", "#bedtime-window")

    page.get_by_role("link", name="Week and month charts").click()
    expect(page.get_by_role("heading", name="Last 7 days")).to_be_visible(timeout=15000)
    feeds_desc = page.locator("#range-feeds-svg-desc")
    expect(feeds_desc).to_contain_text("not logged")
    page.get_by_text("The numbers, day by day").click()
    expect(page.locator("#charts-table").get_by_text("not logged").first).to_be_visible()
    problems += serious_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if scheme == "light":
        doc_shot(page, "charts-week", "#range-heading")

    page.get_by_role("link", name="Month").click()
    expect(page.get_by_role("heading", name="Last 30 days")).to_be_visible(timeout=15000)
    problems += serious_violations(page)

    page.goto(f"/insights/{ava.pk}/")
    ranked = page.locator("#ranked-routines")
    expect(ranked.locator("li").first).to_contain_text("settled Ava in 5 of 5 sessions")
    expect(page.locator("#did-not-suit-routines")).to_contain_text("settled Ava in 0 of 6 sessions")
    expect(page.locator("#too-few-routines")).to_contain_text("settled Ava in 2 of 2 sessions")
    problems += serious_violations(page)
    if scheme == "light":
        doc_shot(page, "enjoyed", "#responses-heading")
    assert problems == []
