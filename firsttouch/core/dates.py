"""Calendar arithmetic the apps share: a baby's age in months, milestones, age limits."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's last day.

    A baby born on 31 January is one month old on 28 February (29 in a leap year), and one
    born on 29 February turns twelve months on 28 February of the next year.
    """
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))
