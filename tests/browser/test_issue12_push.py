"""Reminders on this device (Web Push), in a real browser on a phone, light and dark.

Headless Chromium grants no push permission and has no push service to reach here, so a
real ``pushManager.subscribe()`` cannot succeed (it rejects with "AbortError: Registration
failed - permission denied" even with notifications granted).
The tests therefore stub ``PushManager.prototype.subscribe`` and ``getSubscription`` with
``page.add_init_script``: the stub hands the page a subscription whose endpoint is a stand-in
push service on loopback (``fake_push``) and whose keys are real, so everything after the
browser's part is real: the page posts the subscription, the server keeps it, the test button
sends an encrypted, signed push and the stand-in decrypts it. The service worker itself is
real: it is registered, and Chromium's DevTools protocol delivers a push message to it
(``ServiceWorker.deliverPushMessage``), which it shows as a notification.

With FIRSTTOUCH_DOC_SHOTS=1 the light run also saves docs/screenshots/push-reminders.png.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from firsttouch.reminders import push
from firsttouch.reminders.models import PushSubscription
from firsttouch.reminders.tests.fake_push import FakeDevice, FakePushService, unb64url
from tests.cast import PASSWORD, make_member

from .conftest import doc_shot, log_in, serious_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMES = ["light", "dark"]

# The browser's side, stubbed: subscribe() records its options and returns the given
# subscription; getSubscription() returns it until unsubscribe(). Kept in sessionStorage so a
# reload still finds it, as a real browser would.
STUB = """
(() => {
  const device = %s;
  const stored = () => sessionStorage.getItem("fake-push") === "on";
  const subscription = {
    endpoint: device.endpoint,
    expirationTime: null,
    toJSON: () => ({endpoint: device.endpoint, expirationTime: null, keys: device.keys}),
    unsubscribe: () => { sessionStorage.removeItem("fake-push"); return Promise.resolve(true); },
  };
  PushManager.prototype.subscribe = function (options) {
    window.__subscribeOptions = {
      userVisibleOnly: options.userVisibleOnly,
      key: Array.from(new Uint8Array(options.applicationServerKey)),
    };
    sessionStorage.setItem("fake-push", "on");
    return Promise.resolve(subscription);
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(stored() ? subscription : null);
  };
})();
"""


@pytest.fixture
def push_service(settings: Any) -> Iterator[FakePushService]:
    settings.WEB_PUSH_ALLOW_HTTP = True
    service = FakePushService()
    yield service
    service.close()


def stub_push(page: Page, device: FakeDevice) -> None:
    page.add_init_script(STUB % json.dumps(device.subscription_json()))


def open_settings(page: Page) -> None:
    make_member("alice@example.com", "Alice")
    log_in(page, "alice@example.com", PASSWORD)
    expect(page.get_by_role("link", name="Today")).to_be_visible()
    page.goto("/reminders/settings/")
    page.locator("#push").scroll_into_view_if_needed()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_device_turns_reminders_on_and_off(
    page: Page, scheme: str, push_service: FakePushService
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.context.grant_permissions(["notifications"])
    phone = push_service.device()
    stub_push(page, phone)
    open_settings(page)
    section = page.locator("#push")
    expect(section.get_by_role("heading", name="Reminders on this device")).to_be_visible()
    expect(section.get_by_role("status")).to_have_text("Off on this device.")
    expect(section.get_by_role("button", name="Send a test notification")).to_be_hidden()
    problems = serious_violations(page)

    section.get_by_role("button", name="Turn on for this device").click()
    expect(section.get_by_role("status")).to_have_text("On for this device.")
    device = PushSubscription.objects.get()
    assert device.user.email == "alice@example.com"
    assert device.endpoint == phone.endpoint
    assert (device.p256dh, device.auth) == (phone.p256dh, phone.auth)
    options = page.evaluate("window.__subscribeOptions")
    assert options["userVisibleOnly"] is True
    assert bytes(options["key"]) == unb64url(push.public_key())

    section.get_by_role("button", name="Send a test notification").click()
    expect(section.get_by_role("status")).to_have_text("Test sent: it should appear in a moment.")
    (request,) = push_service.received
    assert phone.decrypt(request.body)["title"] == "Reminders are on"
    problems += serious_violations(page)
    doc_shot(page, "push-reminders", scheme)

    page.reload()
    expect(page.locator("#push").get_by_role("status")).to_have_text("On for this device.")
    page.locator("#push").get_by_role("button", name="Turn off for this device").click()
    expect(page.locator("#push").get_by_role("status")).to_have_text("Off on this device.")
    assert not PushSubscription.objects.exists()
    assert problems == []


def test_a_blocked_permission_says_how_to_allow_it(
    page: Page, push_service: FakePushService
) -> None:
    stub_push(page, push_service.device())
    page.add_init_script("Notification.requestPermission = () => Promise.resolve('denied');")
    open_settings(page)
    page.get_by_role("button", name="Turn on for this device").click()
    expect(page.locator("#push").get_by_role("status")).to_contain_text(
        "Notifications are blocked for this site"
    )
    assert not PushSubscription.objects.exists()


def test_the_service_worker_shows_a_pushed_reminder(
    page: Page, push_service: FakePushService
) -> None:
    page.context.grant_permissions(["notifications"])
    stub_push(page, push_service.device())
    open_settings(page)
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.get_by_role("button", name="Turn on for this device").click()
    expect(page.locator("#push").get_by_role("status")).to_have_text("On for this device.")
    for _ in range(100):  # DevTools events arrive while Playwright waits
        if registrations:
            break
        page.wait_for_timeout(50)
    registration = next(r for r in registrations if r["scopeURL"].endswith("/"))
    message = push.Message("A wellbeing check is due", "A few minutes.", "/wellbeing/epds/", "t")
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": page.evaluate("location.origin"),
            "registrationId": registration["registrationId"],
            "data": message.to_json(),
        },
    )
    wait_until(
        page,
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(list => list.length > 0)",
    )
    shown = page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(list => list.map(n => ({title: n.title, body: n.body, url: n.data.url})))"
    )
    assert shown == [
        {"title": "A wellbeing check is due", "body": "A few minutes.", "url": "/wellbeing/epds/"}
    ]
