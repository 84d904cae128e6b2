"""Per-day totals in the family's time zone, split at local midnight, without HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from firsttouch.home import services
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.tests.factories import crying, nappy, sleep

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def test_a_night_sleep_is_split_at_local_midnight(mia) -> None:
    d1, d2 = date(2025, 1, 14), date(2025, 1, 15)
    sleep(mia, at(d1, 22), at(d2, 6))
    first, second = services.day_summaries(mia, [d1, d2], BERLIN, now=at(d2, 20))
    assert (first.sleep_minutes, second.sleep_minutes) == (120, 360)


def test_utc_midnight_is_not_the_familys_midnight(mia) -> None:
    d1, d2 = date(2025, 1, 14), date(2025, 1, 15)
    # 23:30 UTC on the 14th is 00:30 on the 15th in Berlin.
    late = datetime(2025, 1, 14, 23, 30, tzinfo=UTC)
    crying(mia, late, late + timedelta(minutes=20))
    nappy(mia, late, dirty=True)
    first, second = services.day_summaries(mia, [d1, d2], BERLIN, now=at(d2, 20))
    assert (first.crying_minutes, second.crying_minutes) == (0, 20)
    assert (first.stools, second.stools) == (0, 1)


def test_the_clock_change_night_counts_real_hours(mia) -> None:
    spring = date(2025, 3, 30)  # Berlin skips 02:00-03:00
    sleep(mia, at(spring, 0), at(spring, 4))
    (summary,) = services.day_summaries(mia, [spring], BERLIN, now=at(spring, 20))
    assert summary.sleep_minutes == 180


def test_a_running_sleep_counts_up_to_now(mia) -> None:
    day = date(2025, 1, 14)
    sleep(mia, at(day, 13), None)
    (summary,) = services.day_summaries(mia, [day], BERLIN, now=at(day, 14, 30))
    assert summary.sleep_minutes == 90


def test_wet_nappies_are_not_stools_and_massages_are_counted(mia) -> None:
    day = date(2025, 1, 14)
    nappy(mia, at(day, 9), wet=True)
    nappy(mia, at(day, 10), dirty=True)
    MassageSession.objects.create(baby=mia, started_at=at(day, 19), ended_at=at(day, 19, 15))
    (summary,) = services.day_summaries(mia, [day], BERLIN, now=at(day, 20))
    assert (summary.stools, summary.massages) == (1, 1)


def test_another_babys_entries_are_not_counted(mia, leo) -> None:
    day = date(2025, 1, 14)
    sleep(leo, at(day, 1), at(day, 5))
    (summary,) = services.day_summaries(mia, [day], BERLIN, now=at(day, 20))
    assert summary.sleep_minutes == 0


def test_summaries_take_four_queries_whatever_the_data(mia, django_assert_num_queries) -> None:
    days = services.last_days(date(2025, 1, 20), 7)
    for n in range(30):
        start = at(days[0], 0) + timedelta(hours=5 * n)
        sleep(mia, start, start + timedelta(hours=2))
        nappy(mia, start, dirty=True)
    with django_assert_num_queries(4):
        services.day_summaries(mia, days, BERLIN, now=at(days[-1], 23))


def test_the_massage_dots_count_local_days(mia) -> None:
    """23:30 UTC on the 14th is the 15th in Berlin; a massage outside the week is not a dot."""
    week = [date(2025, 1, 14), date(2025, 1, 15), date(2025, 1, 16)]
    MassageSession.objects.create(baby=mia, started_at=datetime(2025, 1, 14, 23, 30, tzinfo=UTC))
    MassageSession.objects.create(baby=mia, started_at=at(date(2025, 1, 17), 0, 10))
    MassageSession.objects.create(baby=mia, started_at=at(date(2025, 1, 13), 23, 50))
    assert services.massage_days(mia, week, BERLIN) == {date(2025, 1, 15)}
