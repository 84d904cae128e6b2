"""Issue 12: firsttouch works offline. Logged on a phone with no connection, entries wait in
the queue (visible on every page, even after a reload served by the service worker), are sent
exactly once when the connection returns, and one the server refuses is shown, never dropped.

With FIRSTTOUCH_DOC_SHOTS=1 the light run saves docs/screenshots/offline-queue.png.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Feed, Nappy, Sleep
from tests.cast import PASSWORD, Member

from .conftest import log_in, serious_violations, wait_until
from .test_issue12_small import SCHEMES, doc_shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_today_with_the_worker(page: Page, member: Member, baby: Baby) -> None:
    """Log in, and open Today once the service worker controls the page (so it is saved)."""
    log_in(page, member.user.email, PASSWORD)
    page.goto(f"/baby/{baby.pk}/")
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.reload()  # now fetched through the worker, which keeps a copy
    expect(page.get_by_role("heading", name=baby.name, level=1)).to_be_visible()


def start_and_stop(page: Page, start: str) -> None:
    page.get_by_role("button", name=start, exact=True).click()
    timers = page.locator("#queue-timers")
    expect(timers.get_by_role("button", name="Stop")).to_have_count(1)
    timers.get_by_role("button", name="Stop").click()
    expect(timers.get_by_role("button", name="Stop")).to_have_count(0)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_entries_logged_offline_are_sent_once_when_back_online(
    page: Page, alice: Member, mia: Baby, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_today_with_the_worker(page, alice, mia)
    page.context.set_offline(True)
    expect(page.locator("#offline-notice")).to_be_visible()
    expect(page.locator("#offline-notice")).to_contain_text(
        "You are offline: showing what was saved at"
    )
    page.get_by_role("button", name="Wet", exact=True).click()
    count = page.locator("#queue-count")
    expect(count).to_contain_text("1 entry waiting to send")
    start_and_stop(page, "Start sleep")
    # A bottle: its form was saved by the worker when Today was opened online.
    page.get_by_role("link", name="Bottle").click()
    page.get_by_label("Formula").check()
    page.get_by_role("button", name="90 ml").click()
    began = timezone.localtime() - timedelta(minutes=20)
    page.get_by_label("Started").fill(began.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ended").fill((began + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save feed").click()
    expect(page).to_have_url(re.compile(rf"/baby/{mia.pk}/$"))  # back to Today
    page.wait_for_load_state()
    expect(count).to_contain_text("3 entries waiting to send")
    assert Nappy.objects.count() == Sleep.objects.count() == Feed.objects.count() == 0

    page.reload()  # no network: the service worker serves the saved Today
    expect(page.get_by_role("heading", name="Mia", level=1)).to_be_visible()
    expect(page.locator("#offline-notice")).to_be_visible()
    expect(count).to_have_text("3 entries waiting to send")
    expect(page.locator("#queue-waiting li")).to_have_count(3)
    problems = serious_violations(page)
    doc_shot(page, "offline-queue", scheme)
    assert problems == []

    page.context.set_offline(False)
    expect(count).to_have_text("Everything saved on this phone has been sent.")
    expect(page.locator("#offline-notice")).to_be_hidden()
    assert Nappy.objects.filter(baby=mia, wet=True, dirty=False).count() == 1
    sleep = Sleep.objects.get(baby=mia)
    feed = Feed.objects.get(baby=mia)
    assert sleep.end is not None and feed.end is not None
    assert (feed.kind, feed.contents, feed.amount_ml) == ("bottle", "formula", 90)
    assert feed.end - feed.start == timedelta(minutes=15)
    # The real times: logged a moment ago, not when the queue was sent.
    assert timezone.now() - sleep.start < timedelta(minutes=5)

    # A replay of the same key (a lost answer, the worker and the page both sending) adds nothing.
    statuses = page.evaluate(
        """async (baby) => {
            const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
            const send = () => fetch("/api/v1/nappies", {method: "POST", headers: {
                "Content-Type": "application/json", "X-CSRFToken": token,
                "Idempotency-Key": "same-key-twice"},
                body: JSON.stringify({baby: baby, wet: false, dirty: true})});
            return [(await send()).status, (await send()).status];
        }""",
        mia.pk,
    )
    assert statuses == [201, 201]
    assert Nappy.objects.filter(baby=mia, dirty=True).count() == 1


def test_a_sleep_that_overlaps_the_partners_is_shown_and_kept(
    page: Page, alice: Member, dan: Member, mia: Baby
) -> None:
    open_today_with_the_worker(page, alice, mia)
    page.context.set_offline(True)
    start_and_stop(page, "Start sleep")
    expect(page.locator("#queue-count")).to_contain_text("1 entry waiting to send")
    # Meanwhile Dan, online, logged the same nap.
    now = timezone.now()
    Sleep.objects.create(
        baby=mia,
        start=now - timedelta(minutes=30),
        end=now + timedelta(seconds=30),
        created_by=dan.user,
    )
    page.context.set_offline(False)
    conflict = page.locator("#queue-conflicts .conflict")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("Not sent: please check this entry")
    expect(conflict).to_contain_text("Sleep")
    expect(conflict).to_contain_text("This overlaps another sleep")
    assert Sleep.objects.count() == 1

    page.reload()  # kept on the phone, not dropped
    expect(conflict).to_have_count(1)
    assert serious_violations(page) == []

    # Edited to the nap before, it is accepted.
    conflict.get_by_role("button", name="Edit").click()
    earlier = timezone.localtime(now - timedelta(hours=3))
    conflict.get_by_label("Started").fill(earlier.strftime("%Y-%m-%dT%H:%M"))
    conflict.get_by_label("Ended").fill(
        (earlier + timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M")
    )
    conflict.get_by_role("button", name="Send again").click()
    expect(conflict).to_have_count(0)
    expect(page.locator("#queue-count")).to_have_text(
        "Everything saved on this phone has been sent."
    )
    assert Sleep.objects.filter(baby=mia, created_by=alice.user).count() == 1


def test_discarding_a_refused_entry_removes_it(page: Page, alice: Member, mia: Baby) -> None:
    open_today_with_the_worker(page, alice, mia)
    page.context.set_offline(True)
    start_and_stop(page, "Start sleep")
    now = timezone.now()
    Sleep.objects.create(
        baby=mia, start=now - timedelta(minutes=10), end=now + timedelta(seconds=30)
    )
    page.context.set_offline(False)
    conflict = page.locator("#queue-conflicts .conflict")
    expect(conflict).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    conflict.get_by_role("button", name="Discard").click()
    expect(conflict).to_have_count(0)
    page.reload()
    expect(page.locator("#queue-conflicts .conflict")).to_have_count(0)
    assert Sleep.objects.count() == 1


def test_timers_started_online_or_offline_stop_at_the_time_they_were_stopped(
    page: Page, alice: Member, mia: Baby
) -> None:
    running = Sleep.objects.create(baby=mia, start=timezone.now() - timedelta(hours=1))
    open_today_with_the_worker(page, alice, mia)
    page.context.set_offline(True)
    # The sleep the server knows about, stopped without a connection: hidden, and queued.
    page.locator("#timers").get_by_role("button", name="Stop sleep").click()
    expect(page.locator("#timers .timer")).to_be_hidden()
    start_and_stop(page, "Left breast")
    expect(page.locator("#queue-count")).to_contain_text("2 entries waiting to send")
    stopped_at = timezone.now()
    page.context.set_offline(False)
    expect(page.locator("#queue-count")).to_have_text(
        "Everything saved on this phone has been sent."
    )
    running.refresh_from_db()
    assert running.end is not None and abs((running.end - stopped_at).total_seconds()) < 60
    feed = Feed.objects.get(baby=mia)
    assert (feed.kind, feed.side) == ("breast", "left") and feed.end is not None


def test_a_massage_finished_offline_is_sent_with_its_end_time(
    page: Page, alice: Member, mia: Baby
) -> None:
    log_in(page, alice.user.email, PASSWORD)
    page.goto(f"/massage/full-body/start/?baby={mia.pk}")
    for radio in page.locator("fieldset.question input[type=radio][value=no]").all():
        radio.check()
    page.get_by_role("button", name="Check and start").click()
    expect(page.locator("#player-next")).to_be_visible()
    page.locator("#player-next").click()
    page.context.set_offline(True)
    page.get_by_role("button", name="Finish the session").click()
    count = page.locator("#queue-count")
    expect(count).to_contain_text("Saved on this phone: Massage session.")
    expect(count).to_contain_text("1 entry waiting to send")
    finished_at = timezone.now()
    session = MassageSession.objects.get()
    assert session.ended_at is None
    page.context.set_offline(False)
    expect(count).to_have_text("Everything saved on this phone has been sent.")
    session.refresh_from_db()
    assert session.ended_at is not None
    assert abs((session.ended_at - finished_at).total_seconds()) < 60
    assert session.steps_completed == 1


def test_logging_out_forgets_the_saved_pages(page: Page, alice: Member, mia: Baby) -> None:
    open_today_with_the_worker(page, alice, mia)
    saved = "caches.open('firsttouch-pages').then(c => c.keys()).then(k => k.map(r => r.url))"
    wait_until(page, f"{saved}.then(urls => urls.some(u => u.includes('/baby/')))")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert page.evaluate(saved) == []
    page.context.set_offline(True)
    page.goto(f"/baby/{mia.pk}/")  # nothing of Alice's is shown offline now
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_text("Mia")).to_have_count(0)
