from datetime import date

import pytest

from firsttouch.babies.services import age, corrected_age_days, describe_days, is_preterm


def test_term_baby_is_not_corrected() -> None:
    assert corrected_age_days(date(2026, 1, 1), None, date(2026, 3, 1)) == 59
    assert corrected_age_days(date(2026, 1, 1), 39, date(2026, 3, 1)) == 59


def test_37_weeks_is_term_and_36_is_preterm() -> None:
    assert not is_preterm(37)
    assert is_preterm(36)
    assert corrected_age_days(date(2026, 1, 1), 37, date(2026, 3, 1)) == 59
    assert corrected_age_days(date(2026, 1, 1), 36, date(2026, 3, 1)) == 59 - 28


def test_preterm_baby_subtracts_weeks_born_early() -> None:
    # Born at 28 weeks: 12 weeks early; at 20 weeks old she is 8 weeks corrected.
    born = date(2026, 1, 1)
    on = date(2026, 5, 21)  # 140 days
    assert corrected_age_days(born, 28, on) == 140 - 84


def test_corrected_age_is_negative_before_due_date() -> None:
    born = date(2026, 1, 1)
    a = age(born, 30, date(2026, 1, 15))
    assert a.corrected_days == 14 - 70
    assert a.is_corrected
    assert a.describe() == "2 weeks (8 weeks before due date)"


def test_correction_stops_at_two_years() -> None:
    born = date(2024, 1, 1)
    on = date(2026, 1, 1)  # 731 days
    assert corrected_age_days(born, 30, on) == 731


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (13, "13 days"),
        (14, "2 weeks"),
        (90, "12 weeks"),
        (91, "2 months"),
        (365, "11 months"),
        (-7, "1 week before due date"),
    ],
)
def test_describe_days(days: int, text: str) -> None:
    assert describe_days(days) == text
