"""Age arithmetic: chronological and corrected age (for babies born before 37 weeks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

TERM_WEEKS = 40
PRETERM_BEFORE_WEEKS = 37
# Corrected age is used until about two years (as growth monitoring does).
CORRECT_UNTIL_DAYS = 2 * 365


@dataclass(frozen=True)
class Age:
    chronological_days: int
    corrected_days: int
    is_corrected: bool

    @property
    def days(self) -> int:
        """The age to plan by: corrected for preterm babies, chronological otherwise."""
        return self.corrected_days

    @property
    def weeks(self) -> int:
        return self.days // 7

    def describe(self) -> str:
        text = describe_days(self.chronological_days)
        if self.is_corrected and self.corrected_days < 0:
            return f"{text} ({describe_days(self.corrected_days)})"
        if self.is_corrected:
            return f"{text} ({describe_days(self.corrected_days)} corrected)"
        return text


def corrected_age_days(birth_date: date, gestational_weeks: int | None, on: date) -> int:
    """Chronological age minus the weeks born early, for babies born before 37 weeks.

    Before the due date the corrected age is negative: that is meaningful (a baby born at 28
    weeks is -12 weeks corrected at birth) and routines use it to offer only preterm touch.
    """
    chronological = (on - birth_date).days
    if not is_preterm(gestational_weeks) or chronological >= CORRECT_UNTIL_DAYS:
        return chronological
    assert gestational_weeks is not None
    return chronological - (TERM_WEEKS - gestational_weeks) * 7


def is_preterm(gestational_weeks: int | None) -> bool:
    return gestational_weeks is not None and gestational_weeks < PRETERM_BEFORE_WEEKS


def age(birth_date: date, gestational_weeks: int | None, on: date) -> Age:
    chronological = (on - birth_date).days
    corrected = corrected_age_days(birth_date, gestational_weeks, on)
    return Age(chronological, corrected, corrected != chronological)


def describe_days(days: int) -> str:
    if days < 0:
        weeks = -days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''} before due date"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 7 * 13:
        weeks = days // 7
        return f"{weeks} weeks"
    months = int(days / 30.4375)
    return f"{months} months"
