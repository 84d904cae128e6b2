"""Which routines the library offers first: corrected age, goal, and the bedtime window."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

from firsttouch.massage.content import Routine
from firsttouch.massage.services import is_near_bedtime, suggest_routines
from tests.cast import Member, make_baby

LONDON = ZoneInfo("Europe/London")


def at(hour: int, minute: int, tz: ZoneInfo = LONDON) -> datetime:
    return datetime.combine(timezone.localdate(), time(hour, minute), tzinfo=tz)


def slugs(routines: list[Routine]) -> list[str]:
    return [r.slug for r in routines]


def test_an_eight_week_old_gets_routines_for_that_age(alice: Member) -> None:
    mia = make_baby(alice.family, "Mia", age_days=56)
    found = slugs(suggest_routines(mia, now=at(10, 0)))
    assert found == ["full-body", "bedtime-wind-down", "tummy-gas-constipation", "colic-comfort"]


def test_a_newborn_gets_the_short_routine_and_no_full_body(alice: Member) -> None:
    baby = make_baby(alice.family, "Ned", age_days=5)
    found = slugs(suggest_routines(baby, now=at(10, 0)))
    assert found == ["newborn-resting-hands"]


def test_corrected_age_decides_for_a_baby_born_early(alice: Member) -> None:
    # Born at 28 weeks, 8 weeks ago: 4 weeks before the due date, corrected.
    early = make_baby(alice.family, "Pip", age_days=56, gestational_weeks=28)
    assert slugs(suggest_routines(early, now=at(10, 0))) == ["preterm-gentle-touch"]
    # Same chronological age at term: the preterm routine is not offered.
    term = make_baby(alice.family, "Tam", age_days=56)
    assert "preterm-gentle-touch" not in slugs(suggest_routines(term, now=at(10, 0)))


def test_teething_routine_starts_at_twelve_weeks_corrected(alice: Member) -> None:
    younger = make_baby(alice.family, "A", age_days=12 * 7 - 1)
    older = make_baby(alice.family, "B", age_days=12 * 7)
    assert "teething-face-jaw" not in slugs(suggest_routines(younger, now=at(10, 0)))
    assert "teething-face-jaw" in slugs(suggest_routines(older, now=at(10, 0)))


def test_goal_filters_the_suggestions(alice: Member) -> None:
    mia = make_baby(alice.family, "Mia", age_days=56)
    assert slugs(suggest_routines(mia, goal="gas", now=at(10, 0))) == [
        "tummy-gas-constipation",
        "colic-comfort",
    ]
    assert slugs(suggest_routines(mia, goal="teething", now=at(10, 0))) == []


def test_bedtime_routine_comes_first_from_ninety_minutes_before_bedtime(alice: Member) -> None:
    mia = make_baby(alice.family, "Mia", age_days=56)
    mia.usual_bedtime = time(19, 30)
    assert slugs(suggest_routines(mia, now=at(17, 59)))[0] == "full-body"
    assert slugs(suggest_routines(mia, now=at(18, 0)))[0] == "bedtime-wind-down"
    assert slugs(suggest_routines(mia, now=at(19, 30)))[0] == "bedtime-wind-down"
    assert slugs(suggest_routines(mia, now=at(19, 31)))[0] == "full-body"


def test_no_bedtime_means_no_reordering(alice: Member) -> None:
    mia = make_baby(alice.family, "Mia", age_days=56)
    assert not is_near_bedtime(mia, at(19, 0))


def test_bedtime_window_crosses_midnight(alice: Member) -> None:
    mia = make_baby(alice.family, "Mia", age_days=56)
    mia.usual_bedtime = time(0, 30)
    assert is_near_bedtime(mia, at(23, 15))
    assert not is_near_bedtime(mia, at(22, 59))


def test_bedtime_uses_the_familys_local_time(bob: Member) -> None:
    leo = make_baby(bob.family, "Leo", age_days=56)
    leo.usual_bedtime = time(19, 30)
    new_york = ZoneInfo("America/New_York")
    evening_in_new_york = at(18, 45, new_york)  # late at night in London
    assert is_near_bedtime(leo, evening_in_new_york)
    assert slugs(suggest_routines(leo, now=evening_in_new_york))[0] == "bedtime-wind-down"
    assert not is_near_bedtime(leo, at(18, 45))  # 18:45 London is 13:45 or so in New York
