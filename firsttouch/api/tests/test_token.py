"""POST /auth/token: a token for good credentials, 401 for bad ones, 429 when throttled."""

from __future__ import annotations

from django.test import override_settings

from firsttouch.accounts.models import ApiToken, LoginCounter
from tests.cast import PASSWORD

from .helpers import ApiClient


def test_it_issues_a_token_that_works(alice, mia) -> None:
    response = ApiClient().post(
        "/auth/token", {"username": " Alice@Example.com ", "password": PASSWORD}
    )
    assert response.status == 201, response.body
    token = ApiToken.objects.get(user=alice.user)
    assert token.name == "API token"
    assert response.body["token"].startswith(token.prefix)
    assert ApiClient(token=response.body["token"]).get("/babies").status == 200


def test_a_wrong_password_is_401_and_counted(alice) -> None:
    response = ApiClient().post(
        "/auth/token", {"username": "alice@example.com", "password": "nope"}
    )
    assert response.status == 401
    assert response.error["code"] == "wrong_credentials"
    assert not ApiToken.objects.exists()
    assert LoginCounter.objects.get(scope="account", subject="alice@example.com").count == 1


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_are_throttled_even_with_the_right_password(alice) -> None:
    client = ApiClient()
    for _ in range(3):
        assert (
            client.post("/auth/token", {"username": "alice@example.com", "password": "nope"}).status
            == 401
        )
    response = client.post("/auth/token", {"username": "alice@example.com", "password": PASSWORD})
    assert response.status == 429
    assert response.error["code"] == "throttled"
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert not ApiToken.objects.exists()


def test_a_success_clears_earlier_failures(alice) -> None:
    client = ApiClient()
    client.post("/auth/token", {"username": "alice@example.com", "password": "nope"})
    client.post("/auth/token", {"username": "alice@example.com", "password": PASSWORD})
    assert not LoginCounter.objects.filter(scope="account").exists()


def test_missing_fields_are_422(db) -> None:
    response = ApiClient().post("/auth/token", {"username": "alice@example.com"})
    assert response.status == 422
    assert "password" in response.error["fields"]
