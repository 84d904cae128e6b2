"""Answers from outside our handlers (unknown route, wrong method) keep the one error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from .helpers import ApiClient

pytestmark = pytest.mark.django_db


def test_an_unknown_route_is_a_json_404(api: ApiClient) -> None:
    response = api.get("/no-such-thing")
    assert response.status == 404
    assert response.error["code"] == "not_found"
    assert "/api/v1/docs" in response.error["message"]


def test_a_method_a_route_does_not_take_is_a_json_405_with_allow(api: ApiClient) -> None:
    response = api.request("PUT", "/health")
    assert response.status == 405
    assert response.error["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_a_page_404_outside_the_api_stays_html(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_the_api_own_404_is_untouched(api: ApiClient, bob: object) -> None:
    # Another family's or a missing object: our handler's message, not the route message.
    response = api.get("/babies/999999")
    assert response.status == 404
    assert "not your family's" in response.error["message"]


def test_a_missing_upload_is_named_by_its_field(api: ApiClient) -> None:
    response = api.client.post(
        "/api/v1/import/babybuddy-csv", {}, headers={"Authorization": f"Bearer {api.token}"}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["files"]


def test_ninja_throttle_answers_429_with_retry_after() -> None:
    """A route given a ninja throttle would answer 429 too; like ours, it says when to retry."""
    import json

    from django.test import RequestFactory
    from ninja.errors import Throttled

    from firsttouch.api.api import api as assembled

    response = assembled.on_exception(RequestFactory().get("/api/v1/x"), Throttled(wait=42))
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert json.loads(response.content)["error"]["code"] == "throttled"
