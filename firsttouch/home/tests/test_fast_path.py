"""The home page's prepared queries (core/prepared.py) answer what the ORM answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.core import prepared
from firsttouch.home import services
from firsttouch.massage.models import MassageSession
from firsttouch.tracking import red_flags
from firsttouch.tracking.models import IllnessCheck, Nappy
from firsttouch.tracking.tests.factories import crying, feed, nappy, note, sleep
from tests.cast import Member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_path_on(settings: Any) -> None:
    """These tests are about the fast path: on, whatever FIRSTTOUCH_FAST_PATH says."""
    settings.FAST_PATH = True


def test_home_page_queries_prepared_equal_the_orm(alice: Member, mia: Baby, leo: Baby) -> None:
    now = datetime(2026, 3, 29, 12, tzinfo=UTC)  # London's clocks went forward at 01:00
    tz = ZoneInfo(alice.family.time_zone)
    today = date(2026, 3, 29)
    sleep(mia, now - timedelta(days=2), None)  # running since before today
    sleep(mia, now - timedelta(hours=30), now - timedelta(hours=20))
    crying(mia, now - timedelta(hours=3), now - timedelta(hours=2))
    feed(mia, now - timedelta(minutes=20), None)
    nappy(mia, now - timedelta(hours=1), dirty=True)
    nappy(mia, now - timedelta(days=3), dirty=True)
    nappy(mia, now - timedelta(hours=2), dirty=False)
    note(mia, now - timedelta(minutes=5))
    MassageSession.objects.create(
        baby=mia,
        routine_slug="bedtime-wind-down",
        started_at=now - timedelta(hours=4),
        ended_at=now - timedelta(hours=3, minutes=45),
    )
    sleep(leo, now - timedelta(hours=1), None)  # another baby's: never on Mia's page
    days = services.last_days(today, 7)

    def page() -> tuple[
        list[services.TimelineItem], list[tuple[object, ...]], list[services.DaySummary]
    ]:
        day = services.baby_day(mia, today, tz, now=now)
        return (
            day.timeline,
            [(t["entry"].pk, t["summary"], t["elapsed"]) for t in day.timers],
            services.day_summaries(mia, days, tz, now=now),
        )

    fast = page()
    with override_settings(FAST_PATH=False):
        plain = page()
    assert fast == plain
    assert len(fast[0]) == 7 and len(fast[1]) == 2 and sum(s.stools for s in fast[2]) == 2
    home = [value for key, value in prepared._PREPARED.items() if key[0].startswith("home:")]
    assert len(home) >= 10 and all(query is not None for query in home)  # all prepared


def test_recent_red_flags_prepared_equal_the_orm(alice: Member, mia: Baby, leo: Baby) -> None:
    now = timezone.now()
    Nappy.objects.create(baby=mia, time=now - timedelta(days=2), dirty=True, colour="pale")
    Nappy.objects.create(baby=mia, time=now - timedelta(days=1), dirty=True, colour="yellow")
    Nappy.objects.create(baby=mia, time=now - timedelta(days=20), dirty=True, colour="red")
    IllnessCheck.objects.create(baby=mia, time=now - timedelta(hours=3), temperature_c="38.2")
    Nappy.objects.create(baby=leo, time=now - timedelta(hours=2), dirty=True, colour="red")

    def flags() -> list[tuple[str, object]]:
        return [(w.code, w.logged_at) for w in red_flags.recent_warnings(mia, now)]

    fast = flags()
    with override_settings(FAST_PATH=False):
        plain = flags()
    assert fast == plain
    assert [code for code, _ in fast] == ["fever-under-3-months", "stool-pale"]
    assert [w.code for w in red_flags.recent_warnings(leo, now)] == ["stool-blood"]
    used = [value for key, value in prepared._PREPARED.items() if key[0].startswith("red-flags:")]
    assert len(used) == 2 and all(query is not None for query in used)  # both prepared
