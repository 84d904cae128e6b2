"""Staff for tests: an organisation's member with a verified second factor, in one line.

Beside ``tests/cast.py`` (the families): "a nurse of Riverside sees Alice's family" needs a
staff user whose session has passed two-factor authentication, as every staff page demands.
"""

from __future__ import annotations

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from firsttouch.accounts.models import ApiToken, User
from firsttouch.programs.models import Organisation, StaffMembership, StaffRole
from tests.cast import PASSWORD


def make_staff(
    organisation: Organisation, email: str, name: str, role: str = StaffRole.CLINICIAN
) -> User:
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=name.split()[0])
        user.last_name = " ".join(name.split()[1:])
        user.set_password(PASSWORD)
        user.save()
    StaffMembership.objects.create(organisation=organisation, user=user, role=role)
    return user


def device_for(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app would show now (RFC 6238, from the device's key)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(value).zfill(device.digits)


def staff_token(user: User) -> str:
    """A token as POST /api/v1/staff/token issues it: after a right code."""
    device_for(user)
    _, raw = ApiToken.issue(user, "Staff", second_factor_at=timezone.now())
    return raw


def pass_second_factor(client: Client, user: User) -> Client:
    """Mark ``client``'s logged-in session verified, as after a right code (adds a device)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.save()
    return client


def verified_client(user: User) -> Client:
    """Logged in and past the second factor, as after a right code."""
    client = Client()
    client.force_login(user)
    return pass_second_factor(client, user)
