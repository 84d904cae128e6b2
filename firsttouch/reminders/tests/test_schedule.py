"""The screening schedule as pure date arithmetic (aap-2019, "when to screen")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from firsttouch.reminders import schedule
from firsttouch.reminders.schedule import Due, Latest, State, add_months


def dates(birth: date) -> dict[str, date]:
    return {d.key.split(":")[1]: d.due_on for d in schedule.milestones(7, birth)}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 1, date(2024, 3, 29)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),  # across a year end
        (date(2025, 3, 31), 9, date(2025, 12, 31)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_the_default_schedule_is_2_weeks_then_1_2_4_6_9_12_months() -> None:
    assert dates(date(2025, 3, 10)) == {
        "week-2": date(2025, 3, 24),
        "month-1": date(2025, 4, 10),
        "month-2": date(2025, 5, 10),
        "month-4": date(2025, 7, 10),
        "month-6": date(2025, 9, 10),
        "month-9": date(2025, 12, 10),
        "month-12": date(2026, 3, 10),
    }


def test_only_the_two_week_baseline_is_optional() -> None:
    optional = [d.key for d in schedule.milestones(7, date(2025, 3, 10)) if d.optional]
    assert optional == ["epds:week-2:7"]


def test_a_baby_born_on_31_january_is_due_at_one_month_at_the_end_of_february() -> None:
    assert dates(date(2025, 1, 31))["month-1"] == date(2025, 2, 28)
    assert dates(date(2028, 1, 31))["month-1"] == date(2028, 2, 29)


def test_a_leap_day_baby_is_due_at_12_months_on_28_february() -> None:
    due = dates(date(2024, 2, 29))
    assert due["month-1"] == date(2024, 3, 29)
    assert due["month-12"] == date(2025, 2, 28)
    assert due["week-2"] == date(2024, 3, 14)


def test_preterm_babies_follow_the_birth_date_not_the_corrected_age() -> None:
    # The schedule is the mother's time since birth: a baby born at 30 weeks changes nothing.
    born = date(2025, 6, 1)
    assert dates(born)["month-1"] == date(2025, 7, 1)
    assert dates(born)["month-6"] == date(2025, 12, 1)


def test_keys_are_stable_and_name_the_point_and_the_baby() -> None:
    first = schedule.milestones(42, date(2025, 1, 1))
    again = schedule.milestones(42, date(2025, 1, 1))
    assert [d.key for d in first] == [d.key for d in again]
    assert "epds:month-4:42" in {d.key for d in first}


def test_twins_get_one_check_per_point() -> None:
    born = date(2025, 5, 5)
    items = schedule.dedupe(schedule.milestones(1, born) + schedule.milestones(2, born))
    assert len(items) == len(schedule.MILESTONES)
    assert all(i.key.endswith(":1") for i in items)


def test_a_baby_born_on_another_day_keeps_its_own_points() -> None:
    items = schedule.dedupe(
        schedule.milestones(1, date(2025, 5, 5)) + schedule.milestones(2, date(2023, 5, 5))
    )
    assert len(items) == 2 * len(schedule.MILESTONES)


ITEM = Due(key="epds:month-1:1", label="1 month after birth", due_on=date(2025, 4, 10))


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (date(2025, 4, 9), False),  # not yet
        (date(2025, 4, 10), True),  # the day
        (date(2025, 4, 24), True),  # the window's last day
        (date(2025, 4, 25), False),  # missed: it quietly drops away
    ],
)
def test_an_item_is_shown_from_its_day_until_two_weeks_after(today: date, shown: bool) -> None:
    assert schedule.is_due_now(ITEM, today, None) is shown


@pytest.mark.parametrize(
    ("completed", "satisfied"),
    [
        (date(2025, 4, 2), False),
        (date(2025, 4, 3), True),  # a week early counts
        (date(2025, 4, 12), True),
        (date(2025, 4, 24), True),  # two weeks late counts
    ],
)
def test_a_completed_epds_in_the_window_satisfies_the_item(
    completed: date, satisfied: bool
) -> None:
    latest = Latest(completed_on=completed, total=3)
    assert schedule.is_due_now(ITEM, date(2025, 4, 24), latest) is (not satisfied)


def test_snoozing_hides_an_item_for_three_days_then_it_comes_back() -> None:
    snoozed = State(snoozed_until=date(2025, 4, 10) + schedule.SNOOZE)
    assert not schedule.is_due_now(ITEM, date(2025, 4, 12), None, snoozed)
    assert schedule.is_due_now(ITEM, date(2025, 4, 13), None, snoozed)


def test_declining_hides_an_item_for_good() -> None:
    declined = State(declined=True)
    assert not schedule.is_due_now(ITEM, date(2025, 4, 10), None, declined)
    assert schedule.upcoming([ITEM], date(2025, 4, 1), None, {ITEM.key: declined}) == []


@pytest.mark.parametrize(("total", "repeat"), [(9, False), (10, True), (13, True), (30, True)])
def test_a_score_at_or_above_the_threshold_asks_again_two_weeks_later(
    total: int, repeat: bool
) -> None:
    latest = Latest(completed_on=date(2025, 4, 1), total=total)
    items = schedule.follow_up(latest, threshold=10)
    assert bool(items) is repeat
    if repeat:
        assert items[0].due_on == date(2025, 4, 15)
        assert items[0].key == "epds:follow-up:2025-04-01"


def test_the_follow_up_threshold_is_configurable() -> None:
    latest = Latest(completed_on=date(2025, 4, 1), total=11)
    assert schedule.follow_up(latest, threshold=13) == []
    assert schedule.follow_up(None, threshold=10) == []


def test_repeats_continue_every_two_weeks_while_the_score_stays_high() -> None:
    first = Latest(completed_on=date(2025, 4, 1), total=12)
    (repeat,) = schedule.follow_up(first, 10)
    # She takes it on the due day and still scores 11: the next repeat is two weeks on.
    second = Latest(completed_on=repeat.due_on, total=11)
    assert not schedule.is_due_now(repeat, repeat.due_on, second)
    (next_repeat,) = schedule.follow_up(second, 10)
    assert next_repeat.due_on == date(2025, 4, 29)
    assert next_repeat.key != repeat.key
    # A score below the threshold ends the repeats.
    assert schedule.follow_up(Latest(date(2025, 4, 29), 6), 10) == []


def test_the_high_screening_itself_does_not_satisfy_its_follow_up() -> None:
    latest = Latest(completed_on=date(2025, 4, 1), total=12)
    (repeat,) = schedule.follow_up(latest, 10)
    assert schedule.is_due_now(repeat, date(2025, 4, 15), latest)


def test_upcoming_lists_future_and_open_items_but_not_missed_ones() -> None:
    items = schedule.milestones(1, date(2025, 1, 1))
    keys = [i.key for i in schedule.upcoming(items, date(2025, 3, 5), None)]
    # 1 month (due 1 Feb) closed on 15 Feb; 2 months (1 Mar) is open; the rest are ahead.
    assert keys == [
        "epds:month-2:1",
        "epds:month-4:1",
        "epds:month-6:1",
        "epds:month-9:1",
        "epds:month-12:1",
    ]


def test_window_bounds_are_one_week_before_and_two_weeks_after() -> None:
    assert ITEM.opens_on == ITEM.due_on - timedelta(days=7)
    assert ITEM.closes_on == ITEM.due_on + timedelta(days=14)


def test_checks_open_at_the_same_time_show_as_one() -> None:
    milestone = Due(key="epds:month-2:1", label="2 months after birth", due_on=date(2025, 4, 10))
    repeat = Due(
        key="epds:follow-up:2025-03-30",
        label="2 weeks after your last check",
        due_on=date(2025, 4, 13),
    )
    shown = schedule.due_now([milestone, repeat], date(2025, 4, 14), None)
    assert [i.key for i in shown] == [repeat.key]
    both = schedule.due_now([milestone, repeat], date(2025, 4, 14), None, collapse=False)
    assert len(both) == 2
