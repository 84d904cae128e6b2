"""Turning notifications on and off for a device: session and CSRF, one person's devices only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from firsttouch.reminders import push
from firsttouch.reminders.models import PushSubscription
from tests.cast import Member

from .fake_push import FakePushService

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131.0 Mobile Safari/537.36"


def post(client: Client, url: str, data: Any, **headers: str) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def test_the_settings_page_offers_notifications_off_by_default(alice: Member) -> None:
    html = alice.client().get("/reminders/settings/").content.decode()
    assert "Reminders on this device" in html
    assert "Off on this device." in html
    assert "Turn on for this device" in html
    assert f'data-public-key="{push.public_key()}"' in html
    assert "Devices with reminders on" not in html


def test_turning_a_device_on_keeps_its_subscription_under_her_name(
    alice: Member, push_service: FakePushService
) -> None:
    phone = push_service.device()
    response = post(
        alice.client(), "/reminders/push/subscribe/", phone.subscription_json(), User_Agent=PHONE
    )
    assert response.status_code == 201
    device = PushSubscription.objects.get()
    assert (device.user, device.endpoint, device.p256dh, device.auth) == (
        alice.user,
        phone.endpoint,
        phone.p256dh,
        phone.auth,
    )
    assert device.label == "Chrome on Android"
    html = alice.client().get("/reminders/settings/").content.decode()
    assert "Devices with reminders on: Chrome on Android" in html
    assert phone.endpoint not in html  # the address that reaches the device stays private


def test_a_bad_subscription_is_refused_in_a_sentence_and_nothing_is_saved(alice: Member) -> None:
    response = post(alice.client(), "/reminders/push/subscribe/", {"endpoint": "ftp://x"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["message"].endswith(".")
    assert not PushSubscription.objects.exists()


def test_the_status_says_whether_this_device_is_hers(
    alice: Member, bob: Member, push_service: FakePushService
) -> None:
    phone = push_service.device()
    post(alice.client(), "/reminders/push/subscribe/", phone.subscription_json())
    ask = {"endpoint": phone.endpoint}
    assert post(alice.client(), "/reminders/push/status/", ask).json() == {"subscribed": True}
    assert post(bob.client(), "/reminders/push/status/", ask).json() == {"subscribed": False}


def test_bob_cannot_turn_off_alices_device(
    alice: Member, bob: Member, push_service: FakePushService
) -> None:
    phone = push_service.device()
    post(alice.client(), "/reminders/push/subscribe/", phone.subscription_json())
    post(bob.client(), "/reminders/push/unsubscribe/", {"endpoint": phone.endpoint})
    assert PushSubscription.objects.filter(user=alice.user).count() == 1
    response = post(alice.client(), "/reminders/push/unsubscribe/", {"endpoint": phone.endpoint})
    assert response.json() == {"subscribed": False}
    assert not PushSubscription.objects.exists()


def test_a_shared_device_goes_to_whoever_turned_it_on_last(
    alice: Member, dan: Member, push_service: FakePushService
) -> None:
    phone = push_service.device()
    post(alice.client(), "/reminders/push/subscribe/", phone.subscription_json())
    post(dan.client(), "/reminders/push/subscribe/", phone.subscription_json())
    assert PushSubscription.objects.get().user == dan.user


def test_the_test_notification_goes_to_that_device_only_if_it_is_hers(
    alice: Member, bob: Member, push_service: FakePushService
) -> None:
    phone = push_service.device()
    post(alice.client(), "/reminders/push/subscribe/", phone.subscription_json())
    ask = {"endpoint": phone.endpoint}
    assert post(bob.client(), "/reminders/push/test/", ask).status_code == 404
    assert push_service.received == []
    response = post(alice.client(), "/reminders/push/test/", ask)
    assert response.json() == {"sent": True, "outcome": "sent"}
    assert phone.decrypt(push_service.received[0].body)["title"] == "Reminders are on"


def test_the_endpoints_need_a_log_in_and_the_csrf_token(
    alice: Member, push_service: FakePushService
) -> None:
    phone = push_service.device()
    anonymous = post(Client(), "/reminders/push/subscribe/", phone.subscription_json())
    assert anonymous.status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice.user)
    assert post(strict, "/reminders/push/subscribe/", phone.subscription_json()).status_code == 403
    assert alice.client().get("/reminders/push/subscribe/").status_code == 405
    assert not PushSubscription.objects.exists()


def test_the_apps_service_worker_imports_the_push_handlers(db: None) -> None:
    response = Client().get("/sw.js")
    assert response["Service-Worker-Allowed"] == "/"
    assert '"/static/reminders/push-sw.js"' in response.content.decode()
    assert Client().get("/reminders/push/worker.js").status_code == 404  # no second worker
    assert Client().get("/static/reminders/push-sw.js").status_code == 200


@pytest.mark.parametrize("url", ["/reminders/push/unsubscribe/", "/reminders/push/status/"])
def test_a_request_without_an_endpoint_is_refused_in_a_sentence(alice: Member, url: str) -> None:
    response = alice.client().post(url, "not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("Say which device")
