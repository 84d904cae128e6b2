"""Home practice against what a course or a NICU team asks: pure arithmetic on local days.

The functions here take the session times already read and the family's time zone, and know
nothing of consent or the database: ``services`` decides whether the sessions may be read at
all and hands them over. A session counts on the day, and in the ISO week (Monday to Sunday),
on which it started in the family's time zone: a bath-time massage at 23:30 in London is that
evening's, whatever UTC says.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class PracticeWeek:
    """One ISO week of home practice within the course.

    ``days`` is how many of its seven days fall within the course (fewer in a first week that
    starts mid-week, or a last one cut short); the target is scaled to them and rounded up, so
    a course that starts on a Friday asks for 2 of a weekly 3 in its first week.
    """

    monday: date
    days: int
    sessions: int
    target: int
    in_progress: bool

    @property
    def met(self) -> bool:
        return self.sessions >= self.target

    @property
    def partial(self) -> bool:
        return self.days < 7

    @property
    def iso_week(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class PracticeDay:
    day: date
    minutes: int
    prescribed: int

    @property
    def met(self) -> bool:
        return self.minutes >= self.prescribed


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_practice(
    starts: Iterable[datetime],
    zone: ZoneInfo,
    first_day: date,
    last_day: date,
    weekly_target: int,
    today: date,
) -> list[PracticeWeek]:
    """Sessions per ISO week from ``first_day`` to ``last_day`` (both counted), with targets.

    Weeks with no session are listed with 0: a quiet week is information, not a gap. Sessions
    outside the range are ignored. ``today`` marks the week still under way (not yet judged).
    """
    if last_day < first_day:
        return []
    per_day = Counter(local_day(moment, zone) for moment in starts)
    weeks: list[PracticeWeek] = []
    monday = monday_of(first_day)
    while monday <= last_day:
        sunday = monday + timedelta(days=6)
        lo, hi = max(monday, first_day), min(sunday, last_day)
        days = (hi - lo).days + 1
        count = sum(n for day, n in per_day.items() if lo <= day <= hi)
        target = weekly_target if days == 7 else math.ceil(weekly_target * days / 7)
        weeks.append(
            PracticeWeek(
                monday=monday,
                days=days,
                sessions=count,
                target=target,
                in_progress=lo <= today <= hi,
            )
        )
        monday += timedelta(days=7)
    return weeks


def daily_minutes(
    sessions: Iterable[tuple[datetime, datetime]],
    zone: ZoneInfo,
    first_day: date,
    last_day: date,
    prescribed: int,
) -> list[PracticeDay]:
    """Minutes of massage on each local day from ``first_day`` to ``last_day``.

    A session's whole length counts on the day it started (a 15-minute massage from 23:55 is
    that evening's quarter of an hour). Minutes are rounded down per day, so 14.9 is not 15.
    """
    if last_day < first_day:
        return []
    seconds: Counter[date] = Counter()
    for started, ended in sessions:
        day = local_day(started, zone)
        if first_day <= day <= last_day and ended > started:
            seconds[day] += int((ended - started).total_seconds())
    every_day = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    return [PracticeDay(day=d, minutes=seconds[d] // 60, prescribed=prescribed) for d in every_day]
