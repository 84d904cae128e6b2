"""The schedule of assessments, at every edge of a window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from firsttouch.studies.schedule import (
    Participation,
    ScheduleError,
    Status,
    TimePoint,
    completeness,
    point_for,
    status,
    validate,
)

ANCHOR = date(2026, 1, 10)
BASELINE = TimePoint("baseline", "Baseline", day=0, after=3, instruments=("epds",))
WEEK4 = TimePoint("week4", "Week 4", day=28, before=7, after=7, instruments=("epds",))
MONTH12 = TimePoint("month12", "Month 12", day=365, before=30, after=30, instruments=("epds",))
EPDS_TRIAL = (BASELINE, WEEK4, MONTH12)


def on(days: int) -> date:
    return ANCHOR + timedelta(days=days)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (20, Status.UPCOMING),  # the day before the window opens
        (21, Status.DUE),  # opens
        (28, Status.DUE),  # the target day itself
        (29, Status.OVERDUE),  # past the target, window open
        (35, Status.OVERDUE),  # the window's last day
        (36, Status.MISSED),  # closed
    ],
)
def test_week_4_from_day_21_to_day_35(today: int, expected: Status) -> None:
    assert status(WEEK4, ANCHOR, on(today)) is expected


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        (20, Status.OUT_OF_WINDOW),
        (21, Status.COMPLETE),
        (35, Status.COMPLETE),
        (36, Status.OUT_OF_WINDOW),
    ],
)
def test_done_counts_inside_the_window_only(done: int, expected: Status) -> None:
    # Whatever today is: a done assessment is judged by the day it was done.
    assert status(WEEK4, ANCHOR, on(100), done_on=on(done)) is expected


def test_withdrawal_before_a_window_closes_stops_it_but_not_what_was_done() -> None:
    assert status(WEEK4, ANCHOR, on(50), withdrawn_on=on(35)) is Status.WITHDRAWN
    assert status(WEEK4, ANCHOR, on(50), withdrawn_on=on(36)) is Status.MISSED
    assert status(WEEK4, ANCHOR, on(50), done_on=on(28), withdrawn_on=on(30)) is Status.COMPLETE


def test_the_baseline_is_due_on_the_day_of_randomisation() -> None:
    assert status(BASELINE, ANCHOR, ANCHOR) is Status.DUE
    assert status(BASELINE, ANCHOR, on(1)) is Status.OVERDUE
    assert status(BASELINE, ANCHOR, on(4)) is Status.MISSED


def test_an_assessment_belongs_to_the_one_window_that_holds_its_day() -> None:
    assert point_for(EPDS_TRIAL, ANCHOR, on(2)) is BASELINE
    assert point_for(EPDS_TRIAL, ANCHOR, on(10)) is None
    assert point_for(EPDS_TRIAL, ANCHOR, on(35)) is WEEK4
    assert point_for(EPDS_TRIAL, ANCHOR, on(335)) is MONTH12


def test_a_valid_schedule_comes_back_in_order() -> None:
    assert validate([MONTH12, BASELINE, WEEK4]) == EPDS_TRIAL


@pytest.mark.parametrize(
    ("points", "says"),
    [
        ([], "at least one"),
        ([BASELINE, TimePoint("baseline", "Again", day=10, instruments=("epds",))], "used twice"),
        ([TimePoint("b", "Baseline", day=1, instruments=("epds",))], "day 0"),
        ([TimePoint("b", "Baseline", day=0, before=2, instruments=("epds",))], "day 0"),
        ([BASELINE, TimePoint("d3", "Day 3", day=3, instruments=("epds",))], "overlap"),
        ([BASELINE, TimePoint("w1", "Week 1", day=7, after=-1, instruments=("epds",))], "negative"),
        ([BASELINE, TimePoint("w1", "Week 1", day=7)], "instrument"),
    ],
)
def test_a_schedule_that_cannot_be_followed_is_refused_with_its_reason(
    points: list[TimePoint], says: str
) -> None:
    with pytest.raises(ScheduleError, match=says):
        validate(points)


def test_completeness_counts_each_participant_once_per_time_point() -> None:
    people = [
        Participation("S-001", ANCHOR, {"baseline": ANCHOR, "week4": on(27)}),
        Participation("S-002", ANCHOR, {"baseline": on(1)}),
        Participation("S-003", on(10), {"baseline": on(10)}, withdrawn_on=on(12)),
        Participation("S-004", on(38), {}),
    ]
    table = completeness(EPDS_TRIAL, people, today=on(38))
    assert table["baseline"] == {Status.COMPLETE: 3, Status.DUE: 1}
    assert table["week4"] == {
        Status.COMPLETE: 1,
        Status.MISSED: 1,
        Status.WITHDRAWN: 1,
        Status.UPCOMING: 1,
    }
    assert table["month12"] == {Status.UPCOMING: 3, Status.WITHDRAWN: 1}
    assert all(sum(counts.values()) == len(people) for counts in table.values())
