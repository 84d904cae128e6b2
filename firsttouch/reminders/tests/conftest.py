"""Reminder tests run tasks at once (django-tasks' immediate backend), as its docs suggest.

Tests that need a particular latest EPDS (a date in the past, a given total) ask for the
``epds`` fixture, which stands in for the wellbeing engine; the others use the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from firsttouch.babies.models import Baby
from tests.cast import Member, make_baby

from .fake_push import FakePushService


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://firsttouch.example"


class FakeEpds:
    """Stands in for wellbeing.services.latest_epds: set ``.latest`` to (total, completed_at)."""

    def __init__(self) -> None:
        self.latest: tuple[int, datetime] | None = None

    def __call__(self, user: Any) -> Any:
        if self.latest is None:
            return None
        return SimpleNamespace(total=self.latest[0], completed_at=self.latest[1])


@pytest.fixture
def epds(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEpds]:
    fake = FakeEpds()
    monkeypatch.setattr("firsttouch.reminders.services._latest_epds", fake)
    yield fake


@pytest.fixture
def five_weeks(alice: Member) -> Baby:
    """A baby whose 1-month check is due today, whatever today is (month 1 = day 28-31)."""
    return make_baby(alice.family, "Ada", age_days=35)


@pytest.fixture
def push_service(settings: Any) -> Iterator[FakePushService]:
    """A push service on loopback that records what it is sent (plain HTTP, allowed here)."""
    settings.WEB_PUSH_ALLOW_HTTP = True
    service = FakePushService()
    yield service
    service.close()
