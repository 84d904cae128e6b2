"""Home-practice arithmetic on local days, at its edges, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from firsttouch.courses.adherence import daily_minutes, weekly_practice

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def at(day: str, clock: str = "10:00", zone: ZoneInfo = LONDON) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=zone)


def test_weeks_with_no_sessions_are_listed_with_zero() -> None:
    # Monday 2 Nov 2026 to Sunday 15 Nov: two full ISO weeks, sessions only in the first.
    weeks = weekly_practice(
        [at("2026-11-02"), at("2026-11-04"), at("2026-11-06")],
        LONDON,
        date(2026, 11, 2),
        date(2026, 11, 15),
        3,
        today=date(2026, 11, 20),
    )
    assert [(w.iso_week, w.sessions, w.target, w.met) for w in weeks] == [
        ("2026-W45", 3, 3, True),
        ("2026-W46", 0, 3, False),
    ]


def test_a_partial_first_week_scales_the_target_up() -> None:
    # The course starts on Friday 6 Nov: three days of the week, 3 x 3/7 = 1.3 → 2 sessions.
    weeks = weekly_practice(
        [at("2026-11-05"), at("2026-11-06")],  # Thursday's is before the course
        LONDON,
        date(2026, 11, 6),
        date(2026, 11, 15),
        3,
        today=date(2026, 11, 20),
    )
    first, second = weeks
    assert (first.days, first.target, first.sessions, first.partial) == (3, 2, 1, True)
    assert not first.met
    assert (second.days, second.target, second.partial) == (7, 3, False)


def test_the_week_under_way_is_marked_in_progress() -> None:
    weeks = weekly_practice(
        [], LONDON, date(2026, 11, 2), date(2026, 11, 11), 3, today=date(2026, 11, 11)
    )
    assert [w.in_progress for w in weeks] == [False, True]


def test_a_session_counts_in_the_familys_local_week() -> None:
    # Sunday 8 Nov 23:30 in New York is Monday 04:30 UTC: it is Sunday's, in week 45.
    late = at("2026-11-08", "23:30", NEW_YORK)
    assert late.astimezone(UTC).date() == date(2026, 11, 9)
    weeks = weekly_practice(
        [late], NEW_YORK, date(2026, 11, 2), date(2026, 11, 15), 1, today=date(2026, 11, 20)
    )
    assert [w.sessions for w in weeks] == [1, 0]
    in_london = weekly_practice(
        [late], LONDON, date(2026, 11, 2), date(2026, 11, 15), 1, today=date(2026, 11, 20)
    )
    assert [w.sessions for w in in_london] == [0, 1]


def test_weeks_cross_the_year_as_iso_weeks() -> None:
    weeks = weekly_practice(
        [at("2026-12-31")], LONDON, date(2026, 12, 28), date(2027, 1, 10), 2, date(2027, 2, 1)
    )
    assert [w.iso_week for w in weeks] == ["2026-W53", "2027-W01"]
    assert weeks[0].sessions == 1


def test_an_empty_range_has_no_weeks() -> None:
    assert weekly_practice([], LONDON, date(2026, 11, 9), date(2026, 11, 8), 3, date.today()) == []


def test_minutes_add_up_per_local_day_and_round_down() -> None:
    days = daily_minutes(
        [
            (at("2026-11-02", "09:00"), at("2026-11-02", "09:10")),
            (at("2026-11-02", "18:00"), at("2026-11-02", "18:04:59")),
            # From 23:55 on the 3rd, its 15 minutes are the 3rd's.
            (at("2026-11-03", "23:55"), at("2026-11-04", "00:10")),
        ],
        LONDON,
        date(2026, 11, 2),
        date(2026, 11, 4),
        prescribed=15,
    )
    assert [(d.day.day, d.minutes, d.met) for d in days] == [
        (2, 14, False),
        (3, 15, True),
        (4, 0, False),
    ]


def test_minutes_outside_the_range_are_ignored() -> None:
    days = daily_minutes(
        [(at("2026-11-01", "09:00"), at("2026-11-01", "10:00"))],
        LONDON,
        date(2026, 11, 2),
        date(2026, 11, 2),
        prescribed=15,
    )
    assert [d.minutes for d in days] == [0]
