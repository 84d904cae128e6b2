"""When to start tonight's bedtime massage, from the baby's own logged sleep (issue 12).

Definitions (decision 0017):

- The *night sleep onset* of local day D is the start of the first sleep lasting at least
  ``MIN_NIGHT_SLEEP`` that begins in D's evening window, ``EVENING_FROM`` (17:00) on D to
  ``EVENING_TO`` (01:00) on D + 1. A sleep still running counts up to now.
- Over the last ``NIGHTS`` (14) nights, those before today, with fewer than ``MIN_NIGHTS`` (7)
  onsets there is no suggestion: "not enough nights logged yet".
- Otherwise the typical onset is the median, and the spread the interquartile range (the
  middle half of the nights). Onsets are compared as minutes after noon, so 23:50 and 00:10
  are 20 minutes apart, not a day.
- A spread wider than ``MAX_SPREAD`` (90 minutes) gives no suggestion: the nights vary too
  much for one time to mean anything.
- The massage should end ``LEAD`` (15 minutes) before sleep. The latest start is the median
  onset minus the lead minus the routine's duration; the earliest start is the spread (at
  least ``MIN_WIDTH``, 15 minutes) before that, so the window widens with the spread and never
  pretends to minute precision.

This is the baby's own pattern and nothing more: no claim that a massage at this time helps
sleep. It lives in home (the Today card), not insights, which imports home. Pure functions
over (start, end) pairs; :func:`for_baby` reads them in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from statistics import median, quantiles
from zoneinfo import ZoneInfo

from django.utils import timezone

from firsttouch.accounts.models import Family
from firsttouch.babies.models import Baby
from firsttouch.tracking.models import Sleep

NIGHTS = 14
MIN_NIGHTS = 7
MIN_NIGHT_SLEEP = timedelta(hours=3)
EVENING_FROM = time(17, 0)
EVENING_TO = time(1, 0)  # on the next day
MAX_SPREAD = 90  # minutes
LEAD = 15  # minutes between the massage's end and sleep
MIN_WIDTH = 15  # minutes
BEDTIME_ROUTINE = "bedtime-wind-down"
DEFAULT_ROUTINE_MINUTES = 10

NOON = 12 * 60


@dataclass(frozen=True)
class BedtimeWindow:
    """What the Today card says. ``status``: "ok", "not_enough" or "too_varied"."""

    status: str
    nights: int  # nights with an onset, out of NIGHTS
    onset: time | None = None  # median onset
    onset_early: time | None = None  # earlier quartile
    onset_late: time | None = None  # later quartile
    spread_minutes: int | None = None  # interquartile range
    start_from: time | None = None
    start_until: time | None = None
    routine_minutes: int = DEFAULT_ROUTINE_MINUTES


def local_instant(day: date, at: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _after_noon(local: datetime) -> int:
    return (local.hour * 60 + local.minute - NOON) % (24 * 60)


def _clock(minutes_after_noon: float) -> time:
    total = round(NOON + minutes_after_noon) % (24 * 60)
    return time(total // 60, total % 60)


def night_onsets(
    sleeps: Iterable[tuple[datetime, datetime | None]],
    nights: Sequence[date],
    tz: tzinfo,
    now: datetime,
) -> dict[date, datetime]:
    """Each night's onset (the first long-enough sleep starting in its evening window)."""
    ordered = sorted(sleeps, key=lambda s: s[0])
    onsets: dict[date, datetime] = {}
    for day in nights:
        start = local_instant(day, EVENING_FROM, tz)
        end = local_instant(day + timedelta(days=1), EVENING_TO, tz)
        for begin, finish in ordered:
            if start <= begin < end and (finish or now) - begin >= MIN_NIGHT_SLEEP:
                onsets[day] = begin
                break
    return onsets


def window(
    onsets: Iterable[datetime], tz: tzinfo, routine_minutes: int = DEFAULT_ROUTINE_MINUTES
) -> BedtimeWindow:
    """The suggestion from the nights' onsets (see the module's definitions)."""
    minutes = sorted(_after_noon(o.astimezone(tz)) for o in onsets)
    n = len(minutes)
    if n < MIN_NIGHTS:
        return BedtimeWindow("not_enough", n, routine_minutes=routine_minutes)
    q1, _, q3 = quantiles(minutes, n=4, method="inclusive")
    middle = median(minutes)
    spread = round(q3 - q1)
    found = {
        "nights": n,
        "onset": _clock(middle),
        "onset_early": _clock(q1),
        "onset_late": _clock(q3),
        "spread_minutes": spread,
        "routine_minutes": routine_minutes,
    }
    if spread > MAX_SPREAD:
        return BedtimeWindow("too_varied", **found)  # type: ignore[arg-type]
    until = middle - LEAD - routine_minutes
    from_ = until - max(spread, MIN_WIDTH)
    return BedtimeWindow(
        "ok",
        start_from=_clock(from_),
        start_until=_clock(until),
        **found,  # type: ignore[arg-type]
    )


def routine_minutes(slug: str = BEDTIME_ROUTINE) -> int:
    """The bedtime routine's length from the content library."""
    from firsttouch.massage.content import library

    routine = library().get(slug)
    if routine is None or not routine.duration_minutes:
        return DEFAULT_ROUTINE_MINUTES
    return routine.duration_minutes


def for_baby(baby: Baby, today: date, tz: tzinfo, now: datetime | None = None) -> BedtimeWindow:
    """Tonight's window from the last ``NIGHTS`` nights before today (one query)."""
    now = now or timezone.now()
    nights = [today - timedelta(days=n) for n in range(NIGHTS, 0, -1)]
    since = local_instant(nights[0], EVENING_FROM, tz)
    until = local_instant(today, EVENING_TO, tz)
    rows = (
        Sleep.objects.filter(baby=baby, start__gte=since, start__lt=until)
        .order_by("start")
        .values_list("start", "end")
    )
    onsets = night_onsets(list(rows), nights, tz, now)
    return window(onsets.values(), tz, routine_minutes())


def family_window_start(family: Family, day: date) -> time | None:
    """When the first of the family's babies' bedtime windows opens on ``day``, in the
    family's time zone (the massage reminder's time); None when no baby has one."""
    tz = ZoneInfo(family.time_zone)
    starts = [
        found.start_from
        for baby in Baby.objects.filter(family=family)
        if (found := for_baby(baby, day, tz)).status == "ok" and found.start_from is not None
    ]
    return min(starts, key=_minutes_after_noon_of) if starts else None


def _minutes_after_noon_of(at: time) -> int:
    return (at.hour * 60 + at.minute - NOON) % (24 * 60)
