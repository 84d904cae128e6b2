"""Per-day sleep and crying measures around the evening, as pure functions (a product definition:
docs/insights-and-data.md).

Definitions, chosen so each day answers "what happened after this evening?":

- The *evening window* of local day D runs from ``evening_start`` (16:00 by default) to the
  baby's usual bedtime plus ``BEDTIME_SLACK`` (19:30 when no bedtime is set). A day is an
  "evening massage" day when a massage session started in that window.
- The *night* of day D is the main sleep period after the usual bedtime: sleep overlapping the
  window from bedtime minus ``BEDTIME_SLACK`` (or the massage's end, if later) to
  ``NIGHT_END`` (07:00) on D + 1.
- Outcomes are counted from the end of the evening massage (issue 9, "no reverse
  causation"): on a massage day from the end of its last evening massage, on other days from
  the baby's usual (median) massage end time, so both are measured over the same window.
- The *24 hours* of day D run from that point (never before ``evening_start`` on D) to
  ``evening_start`` on D + 1; total sleep and crying minutes are counted there, so every
  measure of a day comes after its evening massage, or after the time it usually ends.
- *Night wakings*: gaps between sleep entries inside the night, after the first one.
- *Longest stretch*: the longest single sleep entry overlapping the night, whole.
- *Massage to sleep*: from the end of the last evening massage to the start of the first sleep
  that starts after the massage began (0 when the baby fell asleep during it), within
  ``ONSET_LIMIT``; a longer gap is not counted as the massage's bedtime.

Local times are combined with the family's zone and turned into UTC instants, so a night that
crosses midnight, or a clock change, is measured in real minutes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DEFAULT_BEDTIME = time(19, 30)
EVENING_START = time(16, 0)
BEDTIME_SLACK = timedelta(hours=1)
NIGHT_END = time(7, 0)
ONSET_LIMIT = timedelta(hours=3)

Interval = tuple[datetime, datetime]


def local_instant(day: date, at: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class DayWindows:
    evening: tuple[datetime, datetime]
    night: tuple[datetime, datetime]
    day24: tuple[datetime, datetime]


def windows(
    day: date,
    tz: tzinfo,
    bedtime: time | None,
    evening_start: time = EVENING_START,
    after: datetime | None = None,
) -> DayWindows:
    """The day's windows; with ``after``, the outcomes are counted from that instant only.

    ``after`` is the end of the evening massage on a massage day, and the baby's usual
    massage end time on other days (:func:`usual_end`): whatever happened before the massage
    ended cannot be its outcome, and both kinds of day are then measured over the same window.
    """
    bed = local_instant(day, bedtime or DEFAULT_BEDTIME, tz)
    start = local_instant(day, evening_start, tz)
    from_ = max(start, after) if after is not None else start
    night_start = bed - BEDTIME_SLACK
    if after is not None:
        night_start = max(night_start, after)
    return DayWindows(
        evening=(start, bed + BEDTIME_SLACK),
        night=(night_start, local_instant(day + timedelta(days=1), NIGHT_END, tz)),
        day24=(from_, local_instant(day + timedelta(days=1), evening_start, tz)),
    )


def usual_end(ends: Sequence[datetime], tz: tzinfo, evening_start: time) -> timedelta:
    """How long after ``evening_start`` the evening massages usually (median) end.

    Days without a massage are measured from this point, so they cover the same part of the
    evening as the massage days (issue 9: crying before a massage is not its outcome). Counted
    from the evening's start, not midnight, so a massage that ends after midnight is late, not
    early. No massage at all: zero (the evening's start).
    """
    if not ends:
        return timedelta(0)
    start = evening_start.hour * 60 + evening_start.minute
    minutes = sorted(
        (local.hour * 60 + local.minute - start) % (24 * 60)
        for local in (end.astimezone(tz) for end in ends)
    )
    middle = len(minutes) // 2
    value = minutes[middle] if len(minutes) % 2 else (minutes[middle - 1] + minutes[middle]) / 2
    return timedelta(minutes=value)


class Timeline:
    """Finished, non-overlapping intervals sorted by start, searchable by window."""

    def __init__(self, intervals: Sequence[Interval]):
        self.items = sorted(intervals)
        self.ends = [end for _, end in self.items]

    def overlapping(self, start: datetime, end: datetime) -> list[Interval]:
        # Entries of one kind never overlap, so ends are sorted as well as starts.
        i = bisect_right(self.ends, start)
        found = []
        while i < len(self.items) and self.items[i][0] < end:
            found.append(self.items[i])
            i += 1
        return found

    def minutes(self, start: datetime, end: datetime) -> float:
        return (
            sum(
                (min(e, end) - max(s, start)).total_seconds()
                for s, e in self.overlapping(start, end)
            )
            / 60
        )


@dataclass(frozen=True)
class DayMeasures:
    day: date
    total_sleep: float
    night_sleep: float
    longest_stretch: float
    night_wakings: int
    crying: float
    massage_to_sleep: float | None


def measure_day(
    day: date,
    w: DayWindows,
    sleep: Timeline,
    crying: Timeline,
    last_massage_end: datetime | None,
    last_massage_start: datetime | None,
) -> DayMeasures | None:
    """The day's measures, or None when no sleep was logged that night (missing, not zero)."""
    night = sleep.overlapping(*w.night)
    if not night:
        return None
    onset: float | None = None
    if last_massage_end is not None and last_massage_start is not None:
        after = sleep.overlapping(last_massage_start, last_massage_end + ONSET_LIMIT)
        starts = [s for s, _ in after if s >= last_massage_start]
        if starts:
            onset = max(0.0, (starts[0] - last_massage_end).total_seconds() / 60)
    return DayMeasures(
        day=day,
        total_sleep=sleep.minutes(*w.day24),
        night_sleep=sleep.minutes(*w.night),
        longest_stretch=max((e - s).total_seconds() for s, e in night) / 60,
        night_wakings=len(night) - 1,
        crying=crying.minutes(*w.day24),
        massage_to_sleep=onset,
    )
