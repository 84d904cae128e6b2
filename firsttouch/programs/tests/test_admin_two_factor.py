"""The admin is behind the second factor (issue 11, gap 1): a password alone opens no admin
page, a superuser without an authenticator is sent to set one up, one with it to type a code."""

from __future__ import annotations

from io import StringIO
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from firsttouch.accounts.models import User
from firsttouch.programs.admin import ADMIN_SETUP_MESSAGE, ADMIN_VERIFY_MESSAGE
from tests.cast import PASSWORD, Member
from tests.staff import current_code, device_for, pass_second_factor

pytestmark = pytest.mark.django_db

FAMILY_PAGES = ["/admin/", "/admin/accounts/family/", "/admin/programs/consent/"]


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("root@example.com", "root@example.com", PASSWORD)


def _password_only(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", FAMILY_PAGES)
def test_a_password_alone_opens_no_admin_page(superuser: User, path: str) -> None:
    response = _password_only(superuser).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_same_session_opens_the_admin_once_verified(superuser: User, alice: Member) -> None:
    client = pass_second_factor(_password_only(superuser), superuser)
    for path in FAMILY_PAGES:
        assert client.get(path).status_code == 200, path
    page = client.get("/admin/accounts/family/").content.decode()
    assert alice.family.name.replace("'", "&#x27;") in page


def test_a_superuser_without_a_device_is_sent_to_set_one_up(superuser: User) -> None:
    client = _password_only(superuser)
    response = client.get("/admin/accounts/family/", follow=True)
    wanted = f"{reverse('staff:setup')}?{urlencode({'next': '/admin/accounts/family/'})}"
    assert response.redirect_chain[-1][0] == wanted
    assert response.status_code == 200
    page = response.content.decode()
    assert "Set up two-factor authentication" in page
    assert ADMIN_SETUP_MESSAGE.replace("'", "&#x27;") in page


def test_setting_up_the_device_opens_the_admin(superuser: User) -> None:
    client = _password_only(superuser)
    client.get(reverse("staff:setup"))  # the pending device, as the page shows its key
    from firsttouch.programs.twofactor import pending_device

    device = pending_device(superuser)
    response = client.post(
        reverse("staff:setup"), {"code": current_code(device), "next": "/admin/"}
    )
    assert response.status_code == 200  # the recovery codes, shown once
    assert client.get("/admin/").status_code == 200


def test_a_superuser_with_a_device_types_a_code_then_reaches_the_page(superuser: User) -> None:
    device = device_for(superuser)
    client = Client()
    logged_in = client.post(
        reverse("admin:login"),
        {"username": "root@example.com", "password": PASSWORD, "next": "/admin/accounts/family/"},
    )
    assert logged_in.status_code == 302  # the password is right ...
    response = client.get("/admin/accounts/family/", follow=True)
    verify = f"{reverse('staff:verify')}?{urlencode({'next': '/admin/accounts/family/'})}"
    assert response.redirect_chain[-1][0] == verify  # ... and the code is still asked for
    assert ADMIN_VERIFY_MESSAGE in [m.message for m in get_messages(response.wsgi_request)]
    assert client.get("/admin/accounts/family/").status_code == 302
    right = client.post(verify, {"code": current_code(device), "next": "/admin/accounts/family/"})
    assert right["Location"] == "/admin/accounts/family/"
    assert client.get("/admin/accounts/family/").status_code == 200


def test_a_family_account_gets_no_second_factor_page(alice: Member) -> None:
    """The detour is for admins only: a mother at /admin/ sees the log-in page, no set-up."""
    client = alice.client()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert client.get(reverse("staff:setup")).status_code == 404


def test_an_offsite_next_is_not_followed(superuser: User) -> None:
    device_for(superuser)
    response = _password_only(superuser).get(reverse("admin:login") + "?next=https://evil.example/")
    assert response["Location"] == (
        f"{reverse('staff:verify')}?{urlencode({'next': reverse('admin:index')})}"
    )


def test_the_commands_still_make_admins_who_enrol_on_first_visit() -> None:
    out = StringIO()
    call_command("createuser", "boss@example.com", "--password", PASSWORD, "--admin", stdout=out)
    assert "authenticator app" in out.getvalue()
    call_command(
        "createsuperuser",
        "--noinput",
        "--username",
        "root2@example.com",
        "--email",
        "root2@example.com",
        stdout=StringIO(),
    )
    for email in ("boss@example.com", "root2@example.com"):
        user = User.objects.get(username=email)
        assert user.is_superuser
        response = _password_only(user).get("/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("staff:setup"))
