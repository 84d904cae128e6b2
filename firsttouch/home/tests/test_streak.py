"""The massage streak: consecutive local days with a massage, ending today (or yesterday)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from firsttouch.home import services
from firsttouch.massage.models import MassageSession

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 6, 10)


def massage_on(baby, day: date, hour: int = 19) -> None:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)
    MassageSession.objects.create(
        baby=baby,
        routine_slug="bedtime-wind-down",
        started_at=start,
        ended_at=start + timedelta(minutes=12),
    )


def test_no_massage_no_streak(mia) -> None:
    assert services.massage_streak(mia, TODAY, LONDON) == 0


def test_three_days_in_a_row_ending_today(mia) -> None:
    for n in range(3):
        massage_on(mia, TODAY - timedelta(days=n))
    massage_on(mia, TODAY - timedelta(days=5))
    assert services.massage_streak(mia, TODAY, LONDON) == 3


def test_today_without_a_massage_yet_keeps_yesterdays_streak(mia) -> None:
    massage_on(mia, TODAY - timedelta(days=1))
    massage_on(mia, TODAY - timedelta(days=2))
    assert services.massage_streak(mia, TODAY, LONDON) == 2


def test_a_missed_day_breaks_the_streak(mia) -> None:
    massage_on(mia, TODAY - timedelta(days=2))
    assert services.massage_streak(mia, TODAY, LONDON) == 0


def test_two_massages_on_one_day_count_once(mia) -> None:
    massage_on(mia, TODAY, 10)
    massage_on(mia, TODAY, 19)
    assert services.massage_streak(mia, TODAY, LONDON) == 1


def test_days_are_the_familys_local_days(mia) -> None:
    # 23:30 UTC on the 9th is 00:30 on the 10th in Berlin but still the 9th in UTC.
    berlin = ZoneInfo("Europe/Berlin")
    MassageSession.objects.create(baby=mia, started_at=datetime(2025, 6, 9, 23, 30, tzinfo=UTC))
    assert services.massage_streak(mia, TODAY, berlin) == 1
    assert services.massage_streak(mia, TODAY, ZoneInfo("UTC")) == 1  # yesterday's counts
    assert services.massage_streak(mia, TODAY + timedelta(days=1), berlin) == 1
    assert services.massage_streak(mia, TODAY + timedelta(days=1), ZoneInfo("UTC")) == 0
