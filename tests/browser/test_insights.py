"""A mother opens "Is it helping?" from her baby's page on a phone and reads the comparison."""

from __future__ import annotations

import random
import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.babies.models import Baby
from firsttouch.insights.colic import RED_FLAGS
from firsttouch.insights.tests.factories import build_history, local
from firsttouch.massage.models import MassageSession, Tool
from firsttouch.tracking.models import Crying, GasEpisode, Nappy
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import SHOTS, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TZ = "Europe/London"


def plant_six_weeks(baby: Baby) -> None:
    """42 days ending yesterday: evening massages with cues, nappies, gas, daytime wand use."""
    today = timezone.now().astimezone(ZoneInfo(TZ)).date()
    first = today - timedelta(days=43)
    build_history(baby, TZ, first, 42, effect_minutes=40, crying_minutes=70)
    MassageSession.objects.filter(baby=baby).update(
        cues=["smiling", "relaxed-limbs"],
        state_before="fussy",
        state_after="drowsy",
        steps_completed=6,
    )
    rng = random.Random(3)
    nappies, gas, daytime = [], [], []
    for n in range(42):
        day: date = first + timedelta(days=n)
        for hour in rng.sample(range(6, 22), rng.randint(2, 4)):
            nappies.append(Nappy(baby=baby, dirty=True, time=local(day, time(hour, 10), TZ)))
        for hour in rng.sample(range(8, 20), rng.randint(0, 3)):
            gas.append(GasEpisode(baby=baby, time=local(day, time(hour, 40), TZ)))
        if n % 3 == 0:
            start = local(day, time(10, 0), TZ)
            daytime.append(
                MassageSession(
                    baby=baby,
                    routine_slug="tummy-gas-constipation",
                    started_at=start,
                    ended_at=start + timedelta(minutes=10),
                    steps_completed=4,
                    cues=["cooing"] if n % 2 else ["squirming"],
                    state_before="fussy",
                    state_after="calm",
                    tool=Tool.WAND,
                    wand_head="Soft dome",
                )
            )
    Nappy.objects.bulk_create(nappies)
    GasEpisode.objects.bulk_create(gas)
    MassageSession.objects.bulk_create(daytime)


def test_follow_insights_from_the_baby_page_and_read_the_comparison(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone=TZ)
    mia = make_baby(alice.family, "Mia", age_days=60)
    plant_six_weeks(mia)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/baby/{mia.pk}/")
    page.get_by_role("link", name="Insights", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/insights/{mia.pk}/$"))
    expect(page.get_by_role("heading", name="Is it helping?", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Is the evening massage helping?")).to_be_visible()

    night = page.locator("#cmp-night_sleep")
    expect(night).to_contain_text("Mia's night sleep was on average")
    expect(night).to_contain_text("this shows an association, not that the massage caused it.")
    expect(night).to_contain_text("may be part of the reason")
    expect(page.locator("#cmp-night_sleep-role")).to_have_text("Main measure")
    expect(page.locator("#cmp-crying-role")).to_contain_text("Secondary")
    expect(page.locator("#cmp-total_sleep-role")).to_contain_text("not a separate finding")
    expect(page.locator("#cmp-total_sleep")).to_contain_text("shown for context")
    expect(page.locator("#helping-method")).to_contain_text("counted from the end of the massage")
    expect(
        night.get_by_role("img", name=re.compile("Night sleep: with against without"))
    ).to_be_visible()
    expect(page.locator("#ranked-routines")).to_contain_text("Bedtime wind-down")
    expect(page.locator("#too-few-wand, #ranked-wand").first).to_contain_text("Soft dome")
    for chart in (
        "Night sleep, average per night",
        "Crying and fussing per day",
        "Days with a massage",
        "Stools (dirty nappies), per week",
        "Gas episodes, per week",
    ):
        expect(page.get_by_role("img", name=re.compile(re.escape(chart)))).to_be_visible()
    expect(page.locator("#red-flags")).to_contain_text("blood in stool")
    expect(page.get_by_role("link", name="PDF for the doctor")).to_be_visible()

    # Nothing is wider than the phone: no sideways scrolling.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, "insights")
    # What fits on one phone screen, for the docs (docs/screenshots/insights.png).
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "insights-phone.png"))
    page.emulate_media(color_scheme="dark")
    shot(page, "insights-dark")
    page.screenshot(path=str(SHOTS / "insights-phone-dark.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_insights_page_has_no_serious_accessibility_problems(page: Page, scheme: str) -> None:
    from .conftest import serious_violations

    alice = make_member("alice@example.com", "Alice", time_zone=TZ)
    mia = make_baby(alice.family, "Mia", age_days=60)
    noa = make_baby(alice.family, "Noa", age_days=5)
    ava = make_baby(alice.family, "Ava", age_days=30)
    plant_six_weeks(mia)
    today = timezone.now().astimezone(ZoneInfo(TZ)).date()
    build_history(ava, TZ, today - timedelta(days=10), 9, effect_minutes=0)
    page.emulate_media(color_scheme=scheme)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/insights/{mia.pk}/")
    problems = serious_violations(page)
    page.goto(f"/insights/{noa.pk}/")  # the empty state
    expect(page.get_by_role("heading", name="Nothing to compare yet")).to_be_visible()
    shot(page, f"insights-empty-{scheme}")
    problems += serious_violations(page)
    page.goto(f"/insights/{ava.pk}/")  # a few days: not enough data yet
    expect(page.locator("#not-enough")).to_contain_text(
        "2 more days with an evening massage and 3 more days without are needed"
    )
    shot(page, f"insights-not-enough-{scheme}")
    problems += serious_violations(page)
    # Three evenings of 3.5 hours in a week: the colic note, with the red flags inside it.
    Crying.objects.bulk_create(
        [
            Crying(
                baby=ava,
                start=local(today - timedelta(days=n), time(13, 0), TZ),
                end=local(today - timedelta(days=n), time(16, 30), TZ),
            )
            for n in (2, 3, 5)
        ]
    )
    page.goto(f"/insights/{ava.pk}/")
    note = page.get_by_role("alert")
    expect(note).to_contain_text("matches the usual definition of colic")
    expect(note.get_by_role("listitem")).to_have_count(len(RED_FLAGS))
    page.locator("#colic-note").scroll_into_view_if_needed()
    shot(page, f"insights-colic-{scheme}")
    problems += serious_violations(page)
    assert problems == []
