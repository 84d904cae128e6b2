"""One throttle for every way in (issue 10, defects 4, 5 and 6): per account and per address,
counted atomically, answering 429 with Retry-After on the page, the admin and the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts import throttle
from firsttouch.accounts.models import LoginCounter, ThrottleKind, ThrottleScope
from tests.cast import PASSWORD, Member, make_member
from tests.concurrency import at_once

ALICE = "alice@example.com"


def _login(client: Client, password: str, username: str = ALICE, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _admin_login(client: Client, password: str, username: str = ALICE) -> Any:
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
    )


def _token(client: Client, password: str, username: str = ALICE) -> Any:
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_it_logs_in_with_email(client: Client, alice: Member) -> None:
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["ALICE@example.com", " alice@example.com "])
def test_username_is_case_and_space_insensitive(
    client: Client, alice: Member, username: str
) -> None:
    assert _login(client, PASSWORD, username).status_code == 302


# --- Defect 4: /admin/login/ is throttled, and every way in shares the throttle -----------


def test_admin_login_throttled_12_wrong_then_right_is_refused(
    client: Client, alice: Member
) -> None:
    alice.user.is_staff = True
    alice.user.is_superuser = True
    alice.user.save()
    statuses = [_admin_login(client, "wrong").status_code for _ in range(12)]
    assert statuses[:5] == [200] * 5  # the admin's own "enter the correct ..." page
    assert set(statuses[5:]) == {429}
    response = _admin_login(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_admin_login_lets_staff_in_with_the_right_password(client: Client, alice: Member) -> None:
    alice.user.is_staff = True
    alice.user.save()
    assert _admin_login(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(alice.user.pk)


def test_all_log_in_paths_share_one_throttle(client: Client, alice: Member) -> None:
    alice.user.is_staff = True
    alice.user.save()
    assert _token(client, "wrong").status_code == 401
    assert _token(client, "wrong").status_code == 401
    assert _admin_login(client, "wrong").status_code == 200
    assert _admin_login(client, "wrong").status_code == 200
    assert _login(client, "wrong").status_code == 200
    # Five failures spread over three doors: every door is now shut for Alice.
    assert _login(client, PASSWORD).status_code == 429
    assert _admin_login(client, PASSWORD).status_code == 429
    assert _token(client, PASSWORD).status_code == 429


# --- Defect 5: per account and per address, separately --------------------------------------


def test_login_page_answers_429_with_a_message_and_retry_after(
    client: Client, alice: Member
) -> None:
    for _ in range(5):
        response = _login(client, "wrong")
        assert response.status_code == 200
        assert "correct" in response.content.decode()  # Django's "enter a correct ..." message
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Too many failed log-ins. Wait 15 minutes, or reset your password." in page
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session


def test_a_success_clears_the_accounts_earlier_failures(client: Client, alice: Member) -> None:
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


def test_one_address_failing_on_many_accounts_does_not_lock_out_the_others(
    client: Client, alice: Member
) -> None:
    # 20 failures from one address (the old limit that locked everybody out), 4 per account.
    for n in range(5):
        for _ in range(4):
            assert _login(client, "wrong", f"someone{n}@example.com").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


def test_an_address_past_its_own_limit_is_refused_for_every_account(
    client: Client, alice: Member, settings
) -> None:
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 8
    for n in range(8):
        assert _login(client, "wrong", f"someone{n}@example.com").status_code == 200
    assert _login(client, PASSWORD).status_code == 429
    # Alice herself is not blocked: from her own address she still gets in.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert _login(other, PASSWORD).status_code == 302


def test_one_accounts_attacker_is_stopped_whatever_the_address(
    client: Client, alice: Member
) -> None:
    for n in range(5):
        assert _login(client, "wrong", REMOTE_ADDR=f"198.51.100.{n + 1}").status_code == 200
    assert _login(client, PASSWORD, REMOTE_ADDR="198.51.100.99").status_code == 429


def test_a_success_does_not_reset_the_address_count_for_other_accounts(
    client: Client, alice: Member, settings
) -> None:
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 6
    for n in range(6):
        _login(client, "wrong", f"someone{n}@example.com")
    address = LoginCounter.objects.get(scope=ThrottleScope.ADDRESS, subject="127.0.0.1")
    assert address.count == 6
    # Alice's success from another address leaves this address's six failures standing.
    assert _login(Client(REMOTE_ADDR="203.0.113.9"), PASSWORD).status_code == 302
    address.refresh_from_db()
    assert address.count == 6
    assert _login(client, "wrong", "someone9@example.com").status_code == 429


def test_the_count_starts_again_after_the_window(client: Client, alice: Member) -> None:
    for _ in range(6):
        _login(client, "wrong")
    LoginCounter.objects.update(window_started=timezone.now() - timedelta(minutes=16))
    assert _login(client, PASSWORD).status_code == 302


def test_proxy_header_trusted_only_from_trusted_proxies(
    client: Client, alice: Member, settings
) -> None:
    # No proxy configured: a client inventing X-Forwarded-For still counts as its own address.
    for n in range(5):
        _login(client, "wrong", f"x{n}@example.com", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
    assert set(
        LoginCounter.objects.filter(scope=ThrottleScope.ADDRESS).values_list("subject", flat=True)
    ) == {"127.0.0.1"}
    LoginCounter.objects.all().delete()
    # Behind the configured proxy, each family is counted by its own address.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 3
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(3):
        _login(proxy, "wrong", "x@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert (
        _login(proxy, "wrong", "y@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code
        == 429
    )
    # Another family behind the same proxy is not affected...
    assert _login(proxy, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 302
    # ...and the blocked one cannot escape by prepending an address of its choosing.
    spoofed = "198.51.100.4, 203.0.113.7"
    fresh = Client(REMOTE_ADDR="10.0.0.2")
    assert _login(fresh, "wrong", "z@example.com", HTTP_X_FORWARDED_FOR=spoofed).status_code == 429


# --- Password-reset requests ------------------------------------------------------------------


def _reset(client: Client, email: str = ALICE) -> Any:
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_reset_requests_are_throttled_per_account(
    client: Client, alice: Member, mailoutbox
) -> None:
    for _ in range(5):
        assert _reset(client).status_code == 302
    assert len(mailoutbox) == 5
    response = _reset(client)
    assert response.status_code == 429
    assert "Too many password-reset requests" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert len(mailoutbox) == 5  # no sixth mail
    # Reset requests have their own count: log-in still works.
    assert _login(client, PASSWORD).status_code == 302


def test_reset_requests_are_throttled_per_address(
    client: Client, alice: Member, settings, mailoutbox
) -> None:
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 4
    for n in range(4):
        assert _reset(client, f"nobody{n}@example.com").status_code == 302
    assert _reset(client).status_code == 429
    assert mailoutbox == []


def test_a_password_set_through_the_reset_link_lifts_the_login_throttle(
    client: Client, alice: Member, mailoutbox
) -> None:
    for _ in range(6):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 429
    _reset(client)
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_page = client.get(path, follow=True)
    new = "soft-hands-at-night-7"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert _login(client, new).status_code == 302


# --- Defect 6: the count is atomic ------------------------------------------------------------


def test_the_counter_is_incremented_in_the_database_not_read_and_written_back(db: None) -> None:
    """Deterministic on both engines: each count comes from an UPDATE ... count + 1."""
    counts = [
        throttle.count(ThrottleKind.LOGIN, ThrottleScope.ACCOUNT, ALICE).count for _ in range(3)
    ]
    assert counts == [1, 2, 3]
    # Another process adds ten meanwhile: our next count includes them (no stale copy).
    LoginCounter.objects.filter(subject=ALICE).update(count=13)
    assert throttle.count(ThrottleKind.LOGIN, ThrottleScope.ACCOUNT, ALICE).count == 14
    assert LoginCounter.objects.filter(subject=ALICE).count() == 1


def test_attempts_are_counted_before_the_password_is_checked(db: None) -> None:
    """Sequential stand-in for the race: the sixth attempt is refused before any check."""
    results = [throttle.begin(ThrottleKind.LOGIN, ALICE, "127.0.0.1").allowed for _ in range(20)]
    assert results == [True] * 5 + [False] * 15


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks whole tables between threads; "
    "the deterministic counter tests above cover it there, this runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_throttle_race_20_concurrent_wrong_passwords_get_at_most_5_checks() -> None:
    make_member(ALICE, "Alice")
    statuses = at_once(lambda _: _token(Client(), "wrong").status_code, range(20))
    assert sorted(statuses) == [401] * 5 + [429] * 15


def test_counters_from_ended_windows_are_dropped(db: None) -> None:
    old = timezone.now() - timedelta(minutes=16)
    LoginCounter.objects.create(
        kind=ThrottleKind.LOGIN,
        scope=ThrottleScope.ACCOUNT,
        subject="x@example.com",
        count=9,
        window_started=old,
    )
    throttle.begin(ThrottleKind.LOGIN, ALICE, "127.0.0.1")
    assert set(LoginCounter.objects.values_list("subject", flat=True)) == {ALICE, "127.0.0.1"}


@pytest.mark.parametrize(
    ("username", "page", "api"),
    [
        ("a" * 5000 + "@example.com", {200}, {401, 422}),
        # A NUL character is refused before any log-in is tried (issue 10, defect 7).
        ("ali\x00ce@example.com", {400}, {400}),
    ],
)
def test_any_typed_username_is_refused_cleanly_not_a_server_error(
    client: Client, alice: Member, username: str, page: set[int], api: set[int]
) -> None:
    assert _login(client, "wrong", username).status_code in page
    assert _token(client, "wrong", username).status_code in api
