"""Tonight's bedtime massage window, from planted sleep logs (issue 12, decision 0017)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from firsttouch.home import bedtime
from firsttouch.tracking.tests.factories import sleep

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 20)


def night(day: date, hour: int, minute: int, hours: float = 5) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
    return start, start + timedelta(hours=hours)


def nights_before(count: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in range(count, 0, -1)]


def test_a_regular_baby_gets_a_narrow_window_before_the_usual_onset(mia) -> None:
    # Asleep at 19:30 give or take ten minutes, fourteen nights running.
    for i, day in enumerate(nights_before(14)):
        sleep(mia, *night(day, 19, 25 + (i % 3) * 5))
        sleep(mia, *night(day + timedelta(days=1), 6, 0, hours=1))  # morning nap: not onset
    w = bedtime.for_baby(mia, TODAY, LONDON, now=datetime(2025, 3, 20, 12, tzinfo=LONDON))
    assert w.status == "ok" and w.nights == 14
    assert w.onset == time(19, 30)
    minutes = bedtime.routine_minutes()
    assert minutes == 7  # the bedtime wind-down in the content library
    # Ends LEAD (15) minutes before 19:30, so it starts by 19:08; at least 15 minutes wide.
    assert w.start_until == time(19, 8)
    assert w.start_from is not None and time(18, 45) <= w.start_from <= time(18, 53)


def test_an_irregular_baby_gets_no_suggestion() -> None:
    onsets = [night(day, 18 + (i * 5) % 6, 0)[0] for i, day in enumerate(nights_before(14))]
    w = bedtime.window(onsets, LONDON, routine_minutes=7)
    assert w.status == "too_varied"
    assert w.spread_minutes is not None and w.spread_minutes > bedtime.MAX_SPREAD
    assert w.start_from is None


def test_a_somewhat_irregular_baby_gets_a_wider_window() -> None:
    regular = [night(day, 19, 30)[0] for day in nights_before(10)]
    loose = [night(day, 19, (i * 17) % 60)[0] for i, day in enumerate(nights_before(10))]
    narrow = bedtime.window(regular, LONDON, 7)
    wide = bedtime.window(loose, LONDON, 7)
    assert narrow.status == wide.status == "ok"

    def width(w: bedtime.BedtimeWindow) -> int:
        assert w.start_from and w.start_until
        return (w.start_until.hour * 60 + w.start_until.minute) - (
            w.start_from.hour * 60 + w.start_from.minute
        )

    assert width(narrow) == bedtime.MIN_WIDTH
    assert width(wide) > width(narrow)


def test_six_nights_are_not_enough(mia) -> None:
    for day in nights_before(6):
        sleep(mia, *night(day, 19, 30))
    w = bedtime.for_baby(mia, TODAY, LONDON, now=datetime(2025, 3, 20, 12, tzinfo=LONDON))
    assert (w.status, w.nights) == ("not_enough", 6)


def test_short_sleeps_and_late_morning_sleeps_are_not_onsets() -> None:
    days = nights_before(2)
    sleeps = [
        night(days[0], 18, 0, hours=1),  # an evening nap: too short
        night(days[0], 20, 0),  # the night
        night(days[1], 14, 0),  # an afternoon sleep: outside the evening window
    ]
    now = datetime(2025, 3, 20, 12, tzinfo=LONDON)
    onsets = bedtime.night_onsets(sleeps, days, LONDON, now)
    assert onsets == {days[0]: sleeps[1][0]}


def test_onsets_around_midnight_are_close_not_a_day_apart() -> None:
    onsets = [night(day, 23, 50)[0] for day in nights_before(4)] + [
        night(day + timedelta(days=1), 0, 10)[0] for day in nights_before(8)[:4]
    ]
    w = bedtime.window(onsets, LONDON, 7)
    assert w.status == "ok" and w.spread_minutes is not None and w.spread_minutes <= 20
