"""The home page's timers come from the timeline's own queries: the same as timer_rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.home import services
from firsttouch.tracking.summary import timer_rows
from firsttouch.tracking.tests.factories import crying, feed, sleep
from tests.cast import PASSWORD, Member

pytestmark = pytest.mark.django_db


def _rows(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["entry"].pk, r["kind"], r["label"], r["summary"]) for r in rows]


def test_timers_match_timer_rows_whenever_they_began(alice: Member, mia: Baby) -> None:
    now = timezone.now()
    sleep(mia, now - timedelta(days=2), None)  # began before today: a timer, on today's list
    feed(mia, now - timedelta(minutes=20), None)
    crying(mia, now + timedelta(days=2), None)  # began after today (a clock error): timer only
    sleep(mia, now - timedelta(hours=5), now - timedelta(hours=4))  # ended: not a timer
    tz = ZoneInfo(alice.family.time_zone)
    day = services.baby_day(mia, timezone.now().astimezone(tz).date(), tz)
    assert _rows(day.timers) == _rows(timer_rows(mia))
    assert len(day.timers) == 3
    kinds = [item.kind for item in day.timeline]
    assert "crying" not in kinds  # it began after today's midnight
    assert kinds.count("sleep") == 2


def test_another_familys_baby_is_a_404_on_the_home_page(bob: Member, mia: Baby) -> None:
    client = Client()
    assert client.login(username=bob.user.email, password=PASSWORD)
    assert client.get(reverse("baby", args=[mia.pk])).status_code == 404
