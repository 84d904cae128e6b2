"""Reminders pushed to devices: encrypted, signed, once, and never a crash or a score.

Each test runs a real push service stand-in on loopback (``fake_push``) and decrypts what
arrived with the keys only the "browser" holds, so what is checked is what a phone would show.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.core import mail

from firsttouch.babies.models import Baby
from firsttouch.reminders import push, tasks
from firsttouch.reminders.models import Channel, Delivery, PushSubscription, ReminderSettings
from tests.cast import Member

from .fake_push import FakeDevice, FakePushService, vapid_claims

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def due_check(alice: Member) -> Baby:
    return Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 10))


def turn_on(member: Member, device: FakeDevice) -> PushSubscription:
    return push.subscribe(member.user, push.parse(device.subscription_json()), "Chrome Android")


def test_a_due_check_is_pushed_encrypted_and_signed_with_the_servers_key(
    alice: Member, due_check: Baby, push_service: FakePushService
) -> None:
    phone = push_service.device()
    turn_on(alice, phone)
    assert tasks.send_due(NOW) == 2  # the e-mail, and the push
    (request,) = push_service.received
    assert request.path == "/push/phone"
    assert request.headers["content-encoding"] == "aes128gcm"
    assert int(request.headers["ttl"]) == int(push.CHECK_TTL.total_seconds())
    claims, key = vapid_claims(request.headers["authorization"])
    assert key == push.public_key()
    assert claims["aud"] == push_service.origin
    assert claims["sub"].startswith("mailto:")
    assert b"wellbeing" not in request.body  # encrypted on the wire
    message = phone.decrypt(request.body)
    assert message == {
        "title": "A wellbeing check is due",
        "body": "A few minutes, whenever suits you.",
        "url": "/wellbeing/epds/",
        "tag": "firsttouch-check",
    }
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(channel=Channel.PUSH).count() == 1
    device = PushSubscription.objects.get()
    assert device.last_success_at is not None
    assert device.failures == 0


def test_a_repeat_check_after_a_high_score_says_neither_score_nor_why(
    alice: Member, push_service: FakePushService, epds
) -> None:
    epds.latest = (27, datetime(2025, 3, 24, 9, tzinfo=UTC))  # repeat due on 7 April
    phone = push_service.device()
    turn_on(alice, phone)
    tasks.send_due(NOW)
    (request,) = push_service.received
    message = phone.decrypt(request.body)
    assert message["title"] == "A wellbeing check is due"
    text = " ".join(message.values())
    assert "27" not in text
    assert "score" not in text
    assert "last" not in text


def test_the_massage_push_names_the_baby_at_the_chosen_time(
    alice: Member, push_service: FakePushService
) -> None:
    Baby.objects.create(family=alice.family, name="Mia", birth_date=date(2025, 1, 10))
    ReminderSettings.objects.create(
        user=alice.user, massage_time=time(19, 30), screening_reminders=False
    )
    phone = push_service.device()
    turn_on(alice, phone)
    evening = datetime(2025, 4, 10, 18, 45, tzinfo=UTC)  # 19:45 in London (summer time)
    assert tasks.send_due(evening - timedelta(hours=1)) == 0
    assert push_service.received == []
    assert tasks.send_due(evening) == 2
    message = phone.decrypt(push_service.received[0].body)
    assert message["title"] == "Time for Mia's massage"
    assert message["url"] == "/massage/"
    assert int(push_service.received[0].headers["ttl"]) == 2 * 3600


def test_off_by_default_nothing_is_pushed(
    alice: Member, due_check: Baby, push_service: FakePushService
) -> None:
    assert tasks.send_due(NOW) == 1  # the e-mail only
    assert push_service.received == []
    assert not Delivery.objects.filter(channel=Channel.PUSH).exists()


def test_push_without_e_mail_when_she_turned_e_mail_off(
    alice: Member, due_check: Baby, push_service: FakePushService
) -> None:
    ReminderSettings.objects.create(user=alice.user, email_enabled=False)
    turn_on(alice, push_service.device())
    assert tasks.send_due(NOW) == 1
    assert mail.outbox == []
    assert len(push_service.received) == 1


def test_every_device_of_hers_gets_it_once_however_often_the_sweep_runs(
    alice: Member, due_check: Baby, push_service: FakePushService
) -> None:
    turn_on(alice, push_service.device("phone"))
    turn_on(alice, push_service.device("laptop"))
    tasks.send_due(NOW)
    tasks.send_due(NOW)
    tasks.send_due(NOW + timedelta(days=1))
    assert sorted(r.path for r in push_service.received) == ["/push/laptop", "/push/phone"]


def test_her_partner_is_never_pushed_her_check(
    alice: Member, dan: Member, due_check: Baby, push_service: FakePushService
) -> None:
    turn_on(dan, push_service.device("dans-phone"))
    tasks.send_due(NOW)
    assert push_service.received == []


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_the_push_service_says_is_gone_is_forgotten(
    alice: Member, due_check: Baby, push_service: FakePushService, status: int
) -> None:
    turn_on(alice, push_service.device())
    push_service.status = status
    tasks.send_due(NOW)
    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()
    assert len(mail.outbox) == 1  # the e-mail still went


def test_another_failure_is_counted_and_the_next_sweep_tries_again(
    alice: Member, due_check: Baby, push_service: FakePushService
) -> None:
    turn_on(alice, push_service.device())
    push_service.status = 503
    assert tasks.send_due(NOW) == 1  # the e-mail
    assert PushSubscription.objects.get().failures == 1
    assert not Delivery.objects.filter(channel=Channel.PUSH).exists()
    push_service.status = 201
    assert tasks.send_due(NOW) == 1  # now the push
    assert len(push_service.received) == 2
    assert PushSubscription.objects.get().failures == 0


def test_an_unreachable_push_service_never_stops_the_sweep(
    alice: Member, bob: Member, due_check: Baby, push_service: FakePushService
) -> None:
    Baby.objects.create(family=bob.family, name="Leo", birth_date=date(2025, 3, 10))
    dead = FakeDevice(endpoint="http://127.0.0.1:9/push/nobody-listens")
    turn_on(alice, dead)
    turn_on(bob, push_service.device("bobs-phone"))
    assert tasks.send_due(NOW) == 3  # two e-mails and Bob's push
    assert PushSubscription.objects.get(user=alice.user).failures == 1
    assert [r.path for r in push_service.received] == ["/push/bobs-phone"]


def test_the_test_message_reaches_the_device(alice: Member, push_service: FakePushService) -> None:
    phone = push_service.device()
    device = turn_on(alice, phone)
    assert push.send(device, push.test_message()) == push.Outcome.SENT
    assert phone.decrypt(push_service.received[0].body)["title"] == "Reminders are on"


def test_the_vapid_key_is_made_once_and_kept_in_the_data_dir(settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.WEB_PUSH_PRIVATE_KEY = ""
    first = push.public_key()
    key_file = tmp_path / push.KEY_FILE
    assert key_file.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert key_file.stat().st_mode & 0o077 == 0  # readable by the server's user only
    assert push.public_key() == first
    assert len(push.public_key()) == 87  # 65 bytes, base64url without padding


def test_a_configured_vapid_key_is_used_and_nothing_is_written(settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.WEB_PUSH_PRIVATE_KEY = push._generate_pem()
    expected = push._vapid_from(settings.WEB_PUSH_PRIVATE_KEY)
    assert push.vapid() is expected
    assert not (tmp_path / push.KEY_FILE).exists()


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"endpoint": "http://push.example/1", "keys": {"p256dh": "x", "auth": "y"}},
        {"endpoint": "https://push.example/1"},
        {"endpoint": "https://push.example/1", "keys": {"p256dh": "short", "auth": "short"}},
    ],
)
def test_what_is_not_a_subscription_is_refused(data: object) -> None:
    with pytest.raises(push.BadSubscription):
        push.parse(data)


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1 Mobile/15E148 "
            "Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Windows",
        ),
        ("", "A device"),
    ],
)
def test_a_device_is_named_from_its_browser(agent: str, label: str) -> None:
    assert push.device_label(agent) == label
