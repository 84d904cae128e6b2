"""A mother logs her baby's day on her phone: a sleep timer, a nappy, and a refused overlap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.tracking.models import Nappy, Sleep
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sleep_timer_nappy_and_the_home_page(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=40)
    log_in(page, "alice@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Mia", exact=True)).to_be_visible()

    page.get_by_role("link", name="Log", exact=True).click()
    page.get_by_role("button", name="Start sleep timer").click()
    expect(page.get_by_role("button", name="Stop sleep")).to_be_visible()
    shot(page, "10-sleep-timer-running")
    sleep = Sleep.objects.get(baby=mia)
    assert sleep.end is None

    # A second device (a new page in the same session) sees the running timer.
    second = page.context.new_page()
    second.goto("/log/")
    expect(second.get_by_role("button", name="Stop sleep")).to_be_visible()
    second.close()

    Sleep.objects.filter(pk=sleep.pk).update(start=timezone.now() - timedelta(minutes=50))
    page.reload()
    page.get_by_role("button", name="Stop sleep").click()
    sleep.refresh_from_db()
    assert sleep.end is not None

    page.goto("/log/")
    page.get_by_role("link", name="Add nappy").click()
    page.get_by_label("Dirty").check()
    page.get_by_label("Soft").check()
    page.get_by_role("button", name="Save nappy").click()
    assert Nappy.objects.get(baby=mia).dirty

    page.goto(f"/baby/{mia.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline.get_by_text("Sleep, 50 min")).to_be_visible()
    expect(timeline.get_by_text("Nappy", exact=False).first).to_be_visible()
    shot(page, "11-home-with-today")


def test_an_overlapping_sleep_is_refused_with_a_message(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="UTC")
    mia = make_baby(alice.family, "Mia", age_days=40)
    start = (timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    Sleep.objects.create(baby=mia, start=start, end=start + timedelta(hours=1))
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/log/sleep/new/")
    page.get_by_label("Start").fill((start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("End").fill((start + timedelta(minutes=90)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save sleep").click()
    expect(page.get_by_text("overlaps another sleep")).to_be_visible()
    shot(page, "12-overlap-refused")
    assert Sleep.objects.count() == 1
