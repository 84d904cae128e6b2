"""Staff need a second factor before any family data, and idle staff sessions end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from firsttouch.accounts.models import User
from firsttouch.programs.middleware import LAST_SEEN_KEY
from firsttouch.programs.models import Organisation
from tests.cast import Member
from tests.staff import current_code, device_for, verified_client


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_without_a_device_staff_are_sent_to_set_one_up(nurse: User) -> None:
    reply = logged_in(nurse).get(reverse("staff:home"))
    assert reply.status_code == 302
    assert reply["Location"].startswith(reverse("staff:setup"))


def test_with_a_device_an_unverified_session_is_sent_to_verify(nurse: User) -> None:
    device_for(nurse)
    reply = logged_in(nurse).get(reverse("staff:home"))
    assert reply["Location"].startswith(reverse("staff:verify"))


def test_families_have_no_staff_pages(alice: Member) -> None:
    for name in ["staff:home", "staff:setup", "staff:verify"]:
        assert alice.client().get(reverse(name)).status_code == 404


def test_setup_shows_the_qr_code_and_the_key_then_gives_ten_codes_once(nurse: User) -> None:
    client = logged_in(nurse)
    page = client.get(reverse("staff:setup")).content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    device = TOTPDevice.objects.get(user=nurse, confirmed=False)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    assert client.post(reverse("staff:setup"), {"code": wrong}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # django-otp's own back-off (a second after one miss), not ours
    done = client.post(reverse("staff:setup"), {"code": current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=nurse).count() == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("staff:home")).status_code == 200  # verified at once


def test_verify_accepts_the_apps_code(nurse: User) -> None:
    device = device_for(nurse)
    client = logged_in(nurse)
    reply = client.post(
        reverse("staff:verify"), {"code": current_code(device), "next": reverse("staff:home")}
    )
    assert reply.status_code == 302 and reply["Location"] == reverse("staff:home")
    assert client.get(reverse("staff:home")).status_code == 200


def test_a_recovery_code_works_once(nurse: User) -> None:
    from firsttouch.programs.twofactor import new_recovery_codes

    device_for(nurse)
    code = new_recovery_codes(nurse)[0]
    assert logged_in(nurse).post(reverse("staff:verify"), {"code": code}).status_code == 302
    again = logged_in(nurse).post(reverse("staff:verify"), {"code": code})
    assert again.status_code == 400


def test_wrong_codes_are_throttled_like_log_ins(nurse: User, settings: object) -> None:
    device_for(nurse)
    client = logged_in(nurse)
    limit = settings.LOGIN_FAILURE_LIMIT  # type: ignore[attr-defined]
    for _ in range(limit):
        assert client.post(reverse("staff:verify"), {"code": "abcdefgh"}).status_code == 400
    blocked = client.post(reverse("staff:verify"), {"code": "abcdefgh"})
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.content.decode()
    assert int(blocked["Retry-After"]) > 0


def test_an_idle_staff_session_is_logged_out(nurse: User, settings: object) -> None:
    client = verified_client(nurse)
    assert client.get(reverse("staff:home")).status_code == 200
    session = client.session
    idle = settings.STAFF_IDLE_MINUTES + 1  # type: ignore[attr-defined]
    session[LAST_SEEN_KEY] = (timezone.now() - timedelta(minutes=idle)).timestamp()
    session.save()
    reply = client.get(reverse("staff:home"))
    assert reply.status_code == 302 and "/login/" in reply["Location"]
    assert "_auth_user_id" not in client.session


def test_an_active_staff_session_stays(nurse: User, settings: object) -> None:
    client = verified_client(nurse)
    client.get(reverse("staff:home"))
    session = client.session
    recent = settings.STAFF_IDLE_MINUTES - 1  # type: ignore[attr-defined]
    session[LAST_SEEN_KEY] = (timezone.now() - timedelta(minutes=recent)).timestamp()
    session.save()
    assert client.get(reverse("staff:home")).status_code == 200


def test_a_familys_session_never_times_out_for_idleness(alice: Member) -> None:
    client = alice.client()
    assert client.get(reverse("programs:sharing")).status_code == 200
    assert LAST_SEEN_KEY not in client.session
