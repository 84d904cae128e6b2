import pytest
from django.urls import reverse

from tests.cast import PASSWORD


def _login(client, password: str):
    return client.post(reverse("login"), {"username": "alice@example.com", "password": password})


def test_it_logs_in_with_email(client, alice) -> None:
    response = _login(client, PASSWORD)
    assert response.status_code == 302


def test_it_blocks_after_repeated_failures_even_with_the_right_password(
    client, alice, settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = _login(client, "wrong")
        assert "correct" in response.content.decode()  # Django's "enter a correct ..." message
    response = _login(client, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_clears_earlier_failures(client, alice, settings) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    _login(client, "wrong")
    _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    _login(client, "wrong")
    _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["ALICE@example.com", " alice@example.com "])
def test_username_is_case_and_space_insensitive(client, alice, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
