"""Reminders as notifications on a person's devices (Web Push), beside e-mail and the calendar.

A device opts in from the reminder settings page; the browser hands us an endpoint (its push
service's address for this device) and two keys, kept in ``PushSubscription``. To remind, the
server encrypts a small message for the device (RFC 8291), signs the request with its VAPID key
(RFC 8292) and posts it to the endpoint; ``pywebpush`` does both. The worker's sweep decides
what is due and when (``tasks.py``): this module only knows how to reach devices.

What a notification says is what a lock screen may show: "A wellbeing check is due", "Time
for Mia's massage". Never a score, an answer, or why a check is due (a repeat check would
reveal a high score).
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import timedelta
from email.utils import parseaddr
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from py_vapid import Vapid

from firsttouch.babies.models import Baby
from firsttouch.core.keyfile import read_or_create
from firsttouch.core.scoping import scoped

from . import services
from .models import PushSubscription
from .schedule import Due

if TYPE_CHECKING:
    from firsttouch.accounts.models import User

logger = logging.getLogger(__name__)

KEY_FILE = "vapid_private_key.pem"
# The push service answers these when the device has unsubscribed or the browser was reset:
# the subscription will never work again.
GONE = {404, 410}
# How long a push service keeps a message for a device that is switched off: the massage
# reminder is worth seeing only near its time, a due check for a day.
MASSAGE_TTL = services.MASSAGE_EMAIL_WINDOW
CHECK_TTL = timedelta(days=1)


class BadSubscription(ValueError):
    """What the page sent is not a push subscription; the message says so in a sentence."""


# --- The server's key ----------------------------------------------------------------------


def _generate_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def private_key_pem() -> str:
    """WEB_PUSH_PRIVATE_KEY when given; otherwise made once and kept in the data dir."""
    configured: str = settings.WEB_PUSH_PRIVATE_KEY
    if configured:
        return configured
    return read_or_create(Path(settings.DATA_DIR) / KEY_FILE, _generate_pem)


@lru_cache(maxsize=4)
def _vapid_from(pem: str) -> Vapid:
    return Vapid.from_pem(pem.encode())


def vapid() -> Vapid:
    return _vapid_from(private_key_pem())


def public_key() -> str:
    """The key a browser subscribes with (``applicationServerKey``): the uncompressed P-256
    point, base64url without padding, as the Push API expects."""
    point = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


def subject() -> str:
    """Whom a push service may contact about this server (the VAPID ``sub`` claim)."""
    configured: str = settings.WEB_PUSH_SUBJECT
    if configured:
        return configured
    return f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or 'noreply@localhost'}"


# --- Devices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keys:
    endpoint: str
    p256dh: str
    auth: str


def parse(data: Any) -> Keys:
    """A browser's ``PushSubscription.toJSON()``, checked: an https endpoint and both keys."""
    if not isinstance(data, Mapping):
        raise BadSubscription(_("Send the browser's push subscription as a JSON object."))
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    allowed = ("https://", "http://") if settings.WEB_PUSH_ALLOW_HTTP else ("https://",)
    if not isinstance(endpoint, str) or not endpoint.startswith(allowed) or len(endpoint) > 1000:
        raise BadSubscription(_("The subscription needs the push service's https address."))
    if not isinstance(keys, Mapping):
        raise BadSubscription(_("The subscription needs its two keys, p256dh and auth."))
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not _is_key(p256dh, 65) or not _is_key(auth, 16):
        raise BadSubscription(_("The subscription needs its two keys, p256dh and auth."))
    return Keys(endpoint=endpoint, p256dh=p256dh, auth=auth)  # type: ignore[arg-type]


def _is_key(value: object, size: int) -> bool:
    if not isinstance(value, str) or len(value) > 200:
        return False
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == size
    except ValueError:
        return False


def device_label(user_agent: str) -> str:
    """A short name for a device, from its browser's user agent ("Chrome on Android")."""
    browsers = [
        ("SamsungBrowser", "Samsung Internet"),
        ("Edg", "Edge"),
        ("Firefox", "Firefox"),
        ("Chrome", "Chrome"),
        ("Safari", "Safari"),
    ]
    systems = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    browser = next((name for token, name in browsers if token in user_agent), "")
    system = next((name for token, name in systems if token in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("A device")


def subscribe(user: User, keys: Keys, user_agent: str = "") -> PushSubscription:
    """Turn reminders on for one device; the same device again only refreshes its keys.

    A shared device goes to whoever turned it on last: its endpoint is unique."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=keys.endpoint,
        defaults={
            "user": user,
            "p256dh": keys.p256dh,
            "auth": keys.auth,
            "label": device_label(user_agent)[:120],
            "failures": 0,
        },
    )
    return subscription


def unsubscribe(user: User, endpoint: str) -> bool:
    """Turn reminders off for one of this person's devices; False if it was not on."""
    deleted, _rows = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted > 0


def device_of(user: User, endpoint: str) -> PushSubscription | None:
    return PushSubscription.objects.filter(user=user, endpoint=endpoint).first()


def devices_of(user: User) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(user=user).order_by("created_at"))


# --- Sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """What the service worker shows: every word written here, in the person's language."""

    title: str
    body: str
    url: str
    tag: str

    def to_json(self) -> str:
        return json.dumps(asdict(self))


class Outcome(Enum):
    SENT = "sent"
    GONE = "gone"  # the device unsubscribed: its row is deleted
    FAILED = "failed"  # counted; the next sweep may try again


def message_for(user: User, item: Due) -> Message:
    """The words for a due item, fit for a lock screen."""
    url = services.take_url(item)
    if item.kind == services.MASSAGE:
        family = services.family_of(user)
        names = list(scoped(Baby, family).values_list("name", flat=True)) if family else []
        title = (
            _("Time for %(name)s's massage") % {"name": names[0]}
            if len(names) == 1
            else _("Time for today's massage")
        )
        body = _("Only when your baby is awake, calm and not just fed.")
        return Message(title=title, body=body, url=url, tag="firsttouch-massage")
    return Message(
        title=_("A wellbeing check is due"),
        body=_("A few minutes, whenever suits you."),
        url=url,
        tag="firsttouch-check",
    )


def test_message() -> Message:
    return Message(
        title=_("Reminders are on"),
        body=_("This is how a reminder will look on this device."),
        url=reverse("reminders:settings"),
        tag="firsttouch-test",
    )


def send(subscription: PushSubscription, message: Message, ttl: timedelta = CHECK_TTL) -> Outcome:
    """One message to one device. Never raises: a device that is gone is forgotten, any other
    failure is counted on the device and logged, and the caller carries on."""
    # Imported here: pywebpush brings aiohttp and requests (0.4 s), wanted by the worker only.
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=message.to_json(),
            vapid_private_key=vapid(),
            vapid_claims={"sub": subject()},  # a fresh dict: pywebpush adds aud and exp
            timeout=settings.WEB_PUSH_TIMEOUT_SECONDS,
            ttl=int(ttl.total_seconds()),
        )
    except WebPushException as exc:
        if exc.status_code in GONE:
            subscription.delete()
            return Outcome.GONE
        return _failed(subscription, f"the push service answered {exc.status_code}")
    except Exception as exc:  # a timeout, a refused connection, a bad key: never crash
        return _failed(subscription, type(exc).__name__)
    PushSubscription.objects.filter(pk=subscription.pk).update(
        last_success_at=timezone.now(), failures=0
    )
    return Outcome.SENT


def _failed(subscription: PushSubscription, why: str) -> Outcome:
    # The endpoint is a capability (with the keys it reaches the device): not logged.
    logger.warning(
        "Could not push to device %s of user %s: %s", subscription.pk, subscription.user_id, why
    )
    subscription.failures += 1
    PushSubscription.objects.filter(pk=subscription.pk).update(failures=subscription.failures)
    return Outcome.FAILED


def send_to_user(user: User, message: Message, ttl: timedelta = CHECK_TTL) -> list[Outcome]:
    """The message to every device this person turned reminders on for."""
    return [send(device, message, ttl) for device in devices_of(user)]
