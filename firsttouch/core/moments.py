"""The sane range of every time and date a user can send, checked before anything is written.

A time like ``0001-01-01T00:00:00+14:00`` parses, but it cannot be converted to UTC (the year
before 1 does not exist in Python), and PostgreSQL would store it as a BC date that no page can
read back. So every route, form and model refuses such values with a sentence, and nothing is
saved. The rules, all named here so a page and the API refuse the same things:

- any time or date: years 1900 to 2200 (``EARLIEST_YEAR``/``LATEST_YEAR``): nothing the app
  records happened before or will happen after, and both ends convert to UTC and back safely;
- something logged about a baby: not more than ``BEFORE_BIRTH_MARGIN`` before the birth date
  (a few days allow for a birth date typed a little wrong and for time zones);
- a birth date: not in the future, and not more than ``OLDEST_BABY_YEARS`` ago (the app is
  about babies; an older date is a typing slip such as year 1 or 1900).

Only plain arithmetic on the value's own fields is used, so checking a value can never raise
the ``OverflowError`` the check is there to prevent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext

EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
# Entries up to a week before the birth date are accepted: a birth date a day or two off, or
# typed in another time zone, must not lock a family out of logging the first days.
BEFORE_BIRTH_MARGIN = timedelta(days=7)
# A product limit for a baby app, not a clinical figure: a birth date older than this is
# almost always a slip (year 1, 1900, the parent's own birth date).
OLDEST_BABY_YEARS = 5


def _out_of_range() -> str:
    return gettext("Enter a date between the years %(earliest)d and %(latest)d.") % {
        "earliest": EARLIEST_YEAR,
        "latest": LATEST_YEAR,
    }


# Lazy: read in the language of the request that shows it, not of the import.
OUT_OF_RANGE = lazy(_out_of_range, str)()


def in_range(value: date | datetime) -> bool:
    """Whether the year, as sent (before any conversion), is within the sane range.

    A time of 1 January 1900 with a positive offset is 31 December 1899 in UTC: still far
    from the edge of what Python and both databases handle, so the year as sent is enough.
    """
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def check_in_range(value: Any) -> None:
    """A field validator: a date or time outside the sane years is refused."""
    if isinstance(value, date) and not in_range(value):
        raise ValidationError(OUT_OF_RANGE, code="out_of_range")


def out_of_range_fields(instance: Any, names: list[str]) -> dict[str, str]:
    """The named date/time attributes of ``instance`` outside the sane years, with the sentence.

    Models call it first in ``clean()``, before comparing times (which converts to UTC).
    """
    return {
        name: str(OUT_OF_RANGE)
        for name in names
        if isinstance(getattr(instance, name, None), date) and not in_range(getattr(instance, name))
    }


def oldest_birth_date(today: date) -> date:
    """The earliest birth date the app accepts on ``today``."""
    try:
        return today.replace(year=today.year - OLDEST_BABY_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - OLDEST_BABY_YEARS, day=28)


def before_birth(moment: datetime, birth_date: date) -> bool:
    """Whether ``moment`` is earlier than the birth date minus the margin.

    Compared on the calendar date as sent: the margin is days wide, far more than any offset.
    """
    return moment.date() < birth_date - BEFORE_BIRTH_MARGIN


def _before_birth() -> str:
    return gettext(
        "This is more than a week before the baby's birth date. Check the date, or the birth date."
    )


BEFORE_BIRTH = lazy(_before_birth, str)()
