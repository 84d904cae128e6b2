"""A JSON client for the API, authenticated with a real bearer token, and sample bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from firsttouch.accounts.models import ApiToken
from tests.cast import Member

BASE = "/api/v1"


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def error(self) -> dict[str, Any]:
        assert isinstance(self.body, dict) and "error" in self.body, self.body
        return self.body["error"]


class ApiClient:
    """Speaks JSON to /api/v1 with ``Authorization: Bearer`` (or nothing, for anonymous)."""

    def __init__(self, member: Member | None = None, token: str | None = None) -> None:
        self.client = Client()
        if token is None and member is not None:
            _, token = ApiToken.issue(member.user, "Tests")
        self.token = token

    def request(self, method: str, path: str, body: Any = None, **headers: str) -> Response:
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        url = path.removeprefix("http://testserver")
        if not url.startswith(BASE):
            url = f"{BASE}{url}"
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(self.client, method.lower())(url, **kwargs)
        content = response.content.decode()
        return Response(
            response.status_code, json.loads(content) if content else None, dict(response.headers)
        )

    def get(self, path: str, params: dict[str, Any] | None = None) -> Response:
        if params:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(params)}"
        return self.request("GET", path)

    def post(self, path: str, body: Any = None, **headers: str) -> Response:
        return self.request("POST", path, body if body is not None else {}, **headers)

    def patch(self, path: str, body: Any) -> Response:
        return self.request("PATCH", path, body)

    def delete(self, path: str) -> Response:
        return self.request("DELETE", path)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def ago(**delta: float) -> datetime:
    return timezone.now() - timedelta(**delta)


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
