"""The home page's timers come from the timeline's own queries: the same as timer_rows."""

from __future__ import annotations

from datetime import datetime, time, timedelta
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
    tz = ZoneInfo(alice.family.time_zone)
    now = timezone.now()
    today = now.astimezone(tz).date()
    sleep(mia, now - timedelta(days=2), None)  # began before today: a timer, on today's list
    feed(mia, now - timedelta(minutes=20), None)
    crying(mia, now + timedelta(days=2), None)  # began after today (a clock error): timer only
    # An ended sleep inside today whatever the clock says (a fixed "5 hours ago" fell on
    # yesterday when the suite ran soon after midnight).
    began = max(datetime.combine(today, time(), tz), now - timedelta(hours=5))
    sleep(mia, began, began + (now - began) / 2)  # ended: not a timer
    day = services.baby_day(mia, today, tz, now=now)
    assert _rows(day.timers) == _rows(timer_rows(mia))
    assert len(day.timers) == 3
    kinds = [item.kind for item in day.timeline]
    assert "crying" not in kinds  # it began after today's midnight
    assert kinds.count("sleep") == 2


def test_another_familys_baby_is_a_404_on_the_home_page(bob: Member, mia: Baby) -> None:
    client = Client()
    assert client.login(username=bob.user.email, password=PASSWORD)
    assert client.get(reverse("baby", args=[mia.pk])).status_code == 404
