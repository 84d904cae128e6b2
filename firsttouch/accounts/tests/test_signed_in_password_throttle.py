"""Password checks by a signed-in person are throttled like log-ins (issue 10).

Changing the password asks for the old one; without the throttle a stolen session could
guess it without limit. The count is the log-in one: per account and per address.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.cast import PASSWORD, Member
from tests.staff import pass_second_factor

NEW = "another-calm-night"


def _change(client: Client, old: str, url: str = reverse("accounts:password_change")) -> Any:
    return client.post(url, {"old_password": old, "new_password1": NEW, "new_password2": NEW})


def test_password_change_old_password_guesses_are_throttled(alice: Member) -> None:
    client = alice.client()
    statuses = [_change(client, "wrong").status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5  # the form again, "entered incorrectly"
    assert statuses[5:] == [429, 429]
    response = _change(client, PASSWORD)  # even the right one, until the window ends
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many wrong passwords" in response.content.decode()
    alice.user.refresh_from_db()
    assert alice.user.check_password(PASSWORD) and not alice.user.check_password(NEW)


def test_password_change_guesses_count_towards_the_log_in_throttle(alice: Member) -> None:
    client = alice.client()
    for _ in range(5):
        _change(client, "wrong")
    login = Client().post(reverse("login"), {"username": alice.user.email, "password": PASSWORD})
    assert login.status_code == 429


def test_password_change_is_throttled_per_address_across_accounts(
    alice: Member, bob: Member, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 2
    for _ in range(2):
        assert _change(alice.client(), "wrong").status_code == 200
    assert _change(bob.client(), PASSWORD).status_code == 429  # same address as Alice's guesses


def test_password_change_with_the_right_old_password_still_works(alice: Member) -> None:
    client = alice.client()
    for _ in range(4):
        _change(client, "wrong")
    assert _change(client, PASSWORD).status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.check_password(NEW)


def test_admin_password_change_old_password_guesses_are_throttled(alice: Member) -> None:
    alice.user.is_staff = True
    alice.user.save()
    client = pass_second_factor(alice.client(), alice.user)
    url = reverse("admin:password_change")
    assert client.get(url).status_code == 200
    statuses = [_change(client, "wrong", url).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    response = _change(client, PASSWORD, url)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    alice.user.refresh_from_db()
    assert alice.user.check_password(PASSWORD)


def test_admin_password_change_with_the_right_old_password_works(alice: Member) -> None:
    alice.user.is_staff = True
    alice.user.save()
    client = pass_second_factor(alice.client(), alice.user)
    response = _change(client, PASSWORD, reverse("admin:password_change"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:password_change_done")
    alice.user.refresh_from_db()
    assert alice.user.check_password(NEW)
