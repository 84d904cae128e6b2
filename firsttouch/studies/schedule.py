"""A study's schedule of assessments: time points with windows, and who is due at each.

A protocol names its time points from an anchor (the day the participant was randomised):
baseline at day 0, then e.g. day 5, week 4, month 3, month 12, each with a window in which the
assessment counts ("week 4, from day 21 to day 35"). For a participant on a given day each
time point is one of:

- ``upcoming``: its window has not opened;
- ``due``: the window is open and the target day has not passed;
- ``overdue``: the target day has passed, the window is still open (a reminder goes out);
- ``complete``: the assessment was done inside the window;
- ``out_of_window``: it was done, but outside the window (kept, and a protocol deviation);
- ``missed``: the window closed with nothing done;
- ``withdrawn``: the participant withdrew before the window closed.

Plain functions over plain values, so the pages, the reminders and the analysis (which
time points each participant has) agree on one reading of the protocol.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise


class Status(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETE = "complete"
    OUT_OF_WINDOW = "out_of_window"
    MISSED = "missed"
    WITHDRAWN = "withdrawn"


class ScheduleError(ValueError):
    """A schedule that cannot be followed; the message says which time point and why."""


@dataclass(frozen=True)
class TimePoint:
    """One assessment, ``day`` days after the anchor; it counts from ``day - before`` to
    ``day + after`` (both days included)."""

    key: str
    label: str
    day: int
    before: int = 0
    after: int = 0
    instruments: tuple[str, ...] = ()

    def opens(self, anchor: date) -> date:
        return anchor + timedelta(days=self.day - self.before)

    def target(self, anchor: date) -> date:
        return anchor + timedelta(days=self.day)

    def closes(self, anchor: date) -> date:
        return anchor + timedelta(days=self.day + self.after)

    def in_window(self, anchor: date, day: date) -> bool:
        return self.opens(anchor) <= day <= self.closes(anchor)


def validate(points: Sequence[TimePoint]) -> tuple[TimePoint, ...]:
    """The time points in order, or ``ScheduleError`` naming the first problem.

    Keys are unique, windows are not negative, each has an instrument, the first starts at
    the anchor (baseline, day 0, nothing before it), and windows do not overlap: an assessment
    done on one day belongs to one time point only.
    """
    if not points:
        raise ScheduleError("A schedule needs at least one time point (the baseline).")
    ordered = tuple(sorted(points, key=lambda p: p.day))
    seen: set[str] = set()
    for point in ordered:
        if not point.key or point.key in seen:
            raise ScheduleError(f"Time point key {point.key!r} is empty or used twice.")
        seen.add(point.key)
        if point.before < 0 or point.after < 0:
            raise ScheduleError(f"{point.label}: a window cannot be negative.")
        if not point.instruments:
            raise ScheduleError(f"{point.label}: name at least one instrument.")
    first = ordered[0]
    if first.day != 0 or first.before != 0:
        raise ScheduleError(
            f"{first.label}: the first time point is the baseline, on the day of "
            "randomisation (day 0, nothing before it)."
        )
    for earlier, later in pairwise(ordered):
        if later.day - later.before <= earlier.day + earlier.after:
            raise ScheduleError(
                f"The windows of {earlier.label} and {later.label} overlap: an assessment on "
                "one day must belong to one time point."
            )
    return ordered


def status(
    point: TimePoint,
    anchor: date,
    today: date,
    done_on: date | None = None,
    withdrawn_on: date | None = None,
) -> Status:
    """Where one participant stands at one time point on ``today``."""
    if done_on is not None:
        return Status.COMPLETE if point.in_window(anchor, done_on) else Status.OUT_OF_WINDOW
    if withdrawn_on is not None and withdrawn_on <= point.closes(anchor):
        return Status.WITHDRAWN
    if today < point.opens(anchor):
        return Status.UPCOMING
    if today > point.closes(anchor):
        return Status.MISSED
    if today <= point.target(anchor):
        return Status.DUE
    return Status.OVERDUE


def point_for(points: Sequence[TimePoint], anchor: date, day: date) -> TimePoint | None:
    """The time point whose window holds ``day`` (an assessment done that day), if any."""
    for point in points:
        if point.in_window(anchor, day):
            return point
    return None


@dataclass(frozen=True)
class Participation:
    """What the schedule needs of one participant: when they started, stopped, what is done."""

    participant: str
    anchor: date
    done: Mapping[str, date]
    withdrawn_on: date | None = None


def completeness(
    points: Sequence[TimePoint], people: Iterable[Participation], today: date
) -> dict[str, Counter[Status]]:
    """Per time point, how many participants are in each status on ``today``."""
    table: dict[str, Counter[Status]] = {p.key: Counter() for p in points}
    for person in people:
        for point in points:
            table[point.key][
                status(point, person.anchor, today, person.done.get(point.key), person.withdrawn_on)
            ] += 1
    return table
