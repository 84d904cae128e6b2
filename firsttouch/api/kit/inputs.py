"""Input types that keep a value the database cannot hold from ever reaching it.

ninja parses an integer of any size and a time of any year; SQLite cannot bind an integer of 64
bits or more, and neither engine (nor Python's UTC conversion) copes with year 1 at +14:00. The
fast path sends values to the database as they are (``core.prepared``), so the limits are
checked here, where the input is read, and answered with a 422 that names the field.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from firsttouch.core import moments

# The largest id a row can have (a signed 64-bit integer, both engines' bigint).
MAX_ID = 2**63 - 1
# No list is this long; a larger offset (up to 2^63) would overflow ``offset + limit``.
MAX_OFFSET = 2**31 - 1


def _sane_year(value: date) -> date:
    if not moments.in_range(value):
        raise ValueError(moments.OUT_OF_RANGE)
    return value


# What a written date or time starts with. pydantic also reads a number (``0``, ``"1700000000"``)
# as seconds since 1970, so ``PUT /mood/0`` set 1 January 1970: the schema promises an ISO
# date, and a number is refused like any other text that is not one.
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_text(example: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, date | time):
            return value
        if not isinstance(value, str) or not _ISO_START.match(value):
            raise ValueError(f"Send it as ISO 8601 text, e.g. {example}.")
        return value

    return BeforeValidator(check)


def _no_zone(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError(
            "Send a time of day without a time zone, e.g. 19:30: your family's zone applies."
        )
    return value


RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
SaneDateTime = Annotated[datetime, _iso_text("2026-11-24T19:30:00"), AfterValidator(_sane_year)]
SaneDate = Annotated[date, _iso_text("2026-11-24"), AfterValidator(_sane_year)]
# A time of day in the family's zone (a bedtime, a massage time): an offset makes no sense.
LocalTime = Annotated[time, AfterValidator(_no_zone)]
