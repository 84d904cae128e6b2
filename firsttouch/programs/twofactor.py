"""Two-factor authentication for staff: a TOTP device, ten recovery codes, the verify step.

Staff see other families' data, so a stolen password alone must not be enough. django-otp
keeps the devices and marks a session verified (``request.user.is_verified()``); these
functions are the rules around it. Wrong codes count against the same log-in throttle as
wrong passwords (accounts/throttle.py), per account and per address.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import django_otp
import qrcode
import qrcode.image.svg
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from firsttouch.accounts import throttle
from firsttouch.accounts.addresses import request_address
from firsttouch.accounts.models import ThrottleKind, User

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (one per user, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as base32 in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no image library)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration: it is inlined in HTML


def _clean(code: str) -> str:
    return "".join(code.split())


def confirm_device(request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the pending device with a code from the app; return the new recovery codes.

    None when the code is wrong. On success the session is verified at once and the
    recovery codes (replacing any older ones) are returned to be shown once.
    """
    device = pending_device(user)
    if not device.verify_token(_clean(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    django_otp.login(request, device)
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Ten single-use codes; older ones stop working. Only shown at this moment."""
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


@dataclass(frozen=True)
class Verification:
    verified: bool
    message: str = ""
    retry_after_seconds: int = 0


def verify(request: HttpRequest, user: User, code: str) -> Verification:
    """Check a TOTP or recovery code; throttled like a log-in (wrong codes count)."""
    attempt = throttle.begin(ThrottleKind.LOGIN, user.get_username(), request_address(request))
    if not attempt.allowed:
        return Verification(
            False,
            _("Too many wrong codes. Wait %(minutes)s minutes and try again.")
            % {"minutes": attempt.retry_after_minutes},
            attempt.retry_after_seconds,
        )
    device = matching_device(user, code)
    if device is None:
        return Verification(False, _(WRONG_CODE))
    throttle.succeeded(attempt)
    django_otp.login(request, device)
    return Verification(True)


WRONG_CODE = gettext_noop(
    "That code is not right. Type the six digits your app shows now, or one of your recovery codes."
)


def matching_device(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The confirmed device that accepts ``code`` now (a recovery code is used up), or None.

    Only checks the code: the caller throttles the attempt and decides what a right code opens
    (a verified session here, a staff API token in ``programs.api``).
    """
    token = _clean(code)
    # Six digits are the app's code; anything else can only be a recovery code. Each is
    # checked against its own device, so a recovery code never counts as a wrong app code.
    model: type[TOTPDevice] | type[StaticDevice] = (
        TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    )
    candidate = model.objects.filter(user=user, confirmed=True).first()
    if candidate is None:
        return None
    return django_otp.verify_token(user, candidate.persistent_id, token)
