"""The baby's day and week, computed without HTTP.

Every function takes a baby already fetched through the family scope, and a time zone: a
"day" is a calendar day in the family's zone, from local midnight to local midnight (23 or 25
hours on clock-change days). All arithmetic is done on UTC instants so the DST change never
bends a duration. Each function runs a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from firsttouch.babies.models import Baby
from firsttouch.core import prepared
from firsttouch.core.prepared import Build
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import (
    ENTRY_MODELS,
    Crying,
    Feed,
    IntervalEntry,
    Nappy,
    Sleep,
)
from firsttouch.tracking.services import INTERVAL_MODELS, switch_target
from firsttouch.tracking.summary import KIND_LABELS, format_duration, summarize

# How far back the streak looks; a longer streak is shown as this many days.
STREAK_LOOKBACK_DAYS = 400

# The page's queries have the same shape on every request (one baby, one window): each is
# compiled to SQL once and run with the request's own values (core/prepared.py). Compiling
# them was about a third of the page's time (see bench/README.md).
_objects = prepared.objects
_values = prepared.values


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, as UTC instants."""
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def last_days(today: date, count: int = 7) -> list[date]:
    """``count`` days ending today, oldest first."""
    return [today - timedelta(days=n) for n in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class DaySummary:
    day: date
    sleep_minutes: float
    crying_minutes: float
    stools: int
    massages: int

    @property
    def sleep_hours(self) -> float:
        return self.sleep_minutes / 60


def _minutes_by_day(
    intervals: Iterable[tuple[datetime, datetime | None]],
    bounds: Sequence[tuple[date, datetime, datetime]],
    now: datetime,
) -> dict[date, float]:
    """Split each interval at local midnights; a running one counts up to now."""
    totals = {day: 0.0 for day, _start, _end in bounds}
    for start, end in intervals:
        stop = end if end is not None else now
        for day, day_start, day_end in bounds:
            overlap = min(stop, day_end) - max(start, day_start)
            if overlap > timedelta(0):
                totals[day] += overlap.total_seconds() / 60
    return totals


def _running_or_overlapping(
    model: type[IntervalEntry], baby: Baby, start: datetime, end: datetime
) -> list[IntervalEntry]:
    """Every running interval (whenever it began) and the ended ones that touch [start, end).

    The timeline keeps those that began before ``end``; the running ones are also the page's
    timers, so one query serves both. A UNION of the two cases rather than an OR: each half
    then uses an index ((baby, end) and (baby, start)), where an OR made SQLite walk every
    older entry.
    """

    def build(values: dict[str, Any]) -> QuerySet[Any]:
        rows = model.objects.filter(baby=values["baby"]).order_by()
        return rows.filter(end__isnull=True).union(
            rows.filter(start__lt=values["end"], end__gt=values["start"])
        )

    return _objects(
        f"home:running-or-overlapping:{model.KIND}", build, baby=baby, start=start, end=end
    )


def _overlapping(
    model: type[IntervalEntry], baby: Baby, start: datetime, end: datetime
) -> Iterable[tuple[datetime, datetime | None]]:
    def build(values: dict[str, Any]) -> QuerySet[Any]:
        rows = (
            model.objects.filter(baby=values["baby"], start__lt=values["end"])
            .order_by()
            .values_list("start", "end")
        )
        return rows.filter(end__isnull=True).union(rows.filter(end__gt=values["start"]))

    return _values(f"home:overlapping:{model.KIND}", build, baby=baby, start=start, end=end)


def day_summaries(
    baby: Baby, days: Sequence[date], tz: tzinfo, now: datetime | None = None
) -> list[DaySummary]:
    """Sleep and crying minutes, stools and massages per local day (four queries)."""
    if not days:
        return []
    now = now or timezone.now()
    bounds = [(day, *day_bounds(day, tz)) for day in days]
    window_start = min(b[1] for b in bounds)
    window_end = max(b[2] for b in bounds)
    sleep = _minutes_by_day(_overlapping(Sleep, baby, window_start, window_end), bounds, now)
    crying = _minutes_by_day(_overlapping(Crying, baby, window_start, window_end), bounds, now)
    stool_times = _values(
        "home:stools",
        lambda v: Nappy.objects.filter(
            baby=v["baby"],
            dirty=True,
            time__gte=v["start"],
            time__lt=v["end"],
        ).values_list("time"),
        baby=baby,
        start=window_start,
        end=window_end,
    )
    massage_times = _values(
        "home:massages",
        lambda v: MassageSession.objects.filter(
            baby=v["baby"],
            started_at__gte=v["start"],
            started_at__lt=v["end"],
        ).values_list("started_at"),
        baby=baby,
        start=window_start,
        end=window_end,
    )
    stools = _count_by_local_day((row[0] for row in stool_times), tz)
    massages = _count_by_local_day((row[0] for row in massage_times), tz)
    return [
        DaySummary(
            day,
            round(sleep[day], 1),
            round(crying[day], 1),
            stools.get(day, 0),
            massages.get(day, 0),
        )
        for day in days
    ]


def _count_by_local_day(instants: Iterable[datetime], tz: tzinfo) -> dict[date, int]:
    counts: dict[date, int] = {}
    for instant in instants:
        day = instant.astimezone(tz).date()
        counts[day] = counts.get(day, 0) + 1
    return counts


def massage_days(baby: Baby, days: Sequence[date], tz: tzinfo) -> set[date]:
    """The days among ``days`` with at least one massage begun (one query)."""
    if not days:
        return set()
    start, _end = day_bounds(min(days), tz)
    _start, end = day_bounds(max(days), tz)
    begun = MassageSession.objects.filter(
        baby=baby, started_at__gte=start, started_at__lt=end
    ).values_list("started_at", flat=True)
    return {moment.astimezone(tz).date() for moment in begun} & set(days)


def massage_streak(baby: Baby, today: date, tz: tzinfo) -> int:
    """Consecutive days with at least one massage, ending today.

    A day that has not had its massage *yet* does not break the streak: before the evening
    massage, the streak still counts up to yesterday. One query.
    """
    since, _until = day_bounds(today - timedelta(days=STREAK_LOOKBACK_DAYS), tz)
    instants = (
        MassageSession.objects.filter(baby=baby, started_at__gte=since)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
    )
    # Newest first, read in chunks, stopping at the first missed day: a long history costs
    # no more than the streak itself.
    expected = today
    streak = 0
    for instant in instants.iterator(chunk_size=200):
        day = instant.astimezone(tz).date()
        if day > expected:  # later today, or (clock skew) in the future: already counted
            continue
        if day == expected:
            streak += 1
        elif streak == 0 and expected == today and day == today - timedelta(days=1):
            streak = 1  # today's massage has not happened yet; count up to yesterday
        else:
            break
        expected = day - timedelta(days=1)
    return streak


@dataclass(frozen=True)
class TimelineItem:
    when: datetime
    kind: str
    label: str
    summary: str
    url: str | None
    running: bool = False


def today_timeline(baby: Baby, today: date, tz: tzinfo) -> list[TimelineItem]:
    """Everything of the baby's local day, newest first (one query per kind plus massage).

    Intervals that began the evening before and ran past midnight (the night's sleep) belong
    to today too.
    """
    return baby_day(baby, today, tz).timeline


@dataclass(frozen=True)
class BabyDay:
    timeline: list[TimelineItem]
    timers: list[dict[str, Any]]


def _point_rows(model: type[Any]) -> Build:
    def build(values: dict[str, Any]) -> QuerySet[Any]:
        rows: QuerySet[Any] = model.objects.filter(
            baby=values["baby"], time__gte=values["start"], time__lt=values["end"]
        )
        return rows

    return build


def baby_day(baby: Baby, today: date, tz: tzinfo, now: datetime | None = None) -> BabyDay:
    """Today's timeline and the running timers, from the same queries (one per kind).

    ``timers`` is what ``tracking.summary.timer_rows`` gives (every running timer, oldest
    first), read from the rows the timeline fetches anyway instead of three more queries.
    """
    start, end = day_bounds(today, tz)
    now = now or timezone.now()
    items: list[TimelineItem] = []
    running: list[tuple[datetime, int, IntervalEntry]] = []
    for kind, model in ENTRY_MODELS.items():
        rows: list[Any]
        if issubclass(model, IntervalEntry):
            rows = []
            for entry in _running_or_overlapping(model, baby, start, end):
                if entry.end is None:
                    running.append((entry.start, INTERVAL_MODELS.index(model), entry))
                if entry.start < end:
                    rows.append(entry)
        else:
            rows = _objects(
                f"home:point:{kind}", _point_rows(model), baby=baby, start=start, end=end
            )
        for entry in rows:
            is_running = isinstance(entry, IntervalEntry) and entry.end is None
            when = entry.start if isinstance(entry, IntervalEntry) else entry.time
            items.append(
                TimelineItem(
                    when,
                    kind,
                    KIND_LABELS[kind],
                    summarize(entry),
                    reverse("tracking:edit", args=[kind, entry.pk]),
                    is_running,
                )
            )
    sessions = _objects(
        "home:massage-sessions",
        lambda v: MassageSession.objects.filter(baby=v["baby"], started_at__lt=v["end"]).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gte=v["start"])
        ),
        baby=baby,
        start=start,
        end=end,
    )
    for session in sessions:
        items.append(
            TimelineItem(
                session.started_at,
                "massage",
                _("Massage"),
                describe_massage(session),
                None,
                session.is_running,
            )
        )
    items.sort(key=lambda item: item.when, reverse=True)
    running.sort(key=lambda found: (found[0], found[1]))
    timers = [
        {
            "entry": e,
            "kind": e.KIND,
            "label": KIND_LABELS[e.KIND],
            "summary": summarize(e),
            "elapsed": format_duration(now - e.start),
            "switch_to": switch_target(e),
        }
        for _when, _order, e in running
    ]
    return BabyDay(items, timers)


def routine_title(slug: str) -> str:
    """The routine's title from the library; a readable slug if the library lacks it."""
    if not slug:
        return _("Massage")
    try:
        from firsttouch.massage.content import library

        routine = library().get(slug)
    except (ImportError, ImproperlyConfigured):
        routine = None
    return routine.title if routine is not None else slug.replace("-", " ").capitalize()


def describe_massage(session: MassageSession) -> str:
    """ "Bedtime wind-down, 12 min, calm → drowsy"."""
    name = routine_title(session.routine_slug)
    parts = [name]
    if session.ended_at is None:
        parts.append(_("in progress"))
    else:
        parts.append(format_duration(session.ended_at - session.started_at))
    if session.state_before and session.state_after:
        parts.append(
            f"{session.get_state_before_display().lower()} → "
            f"{session.get_state_after_display().lower()}"
        )
    if session.ended_early:
        parts.append(_("ended early"))
    return ", ".join(parts)


# The chart ranges (issue 12): the page's switch offers these, the week by default.
CHART_RANGES = {"week": 7, "month": 30}


@dataclass(frozen=True)
class ChartDay:
    """One local day for the week/month charts; None means "not logged", never zero.

    A kind is *not logged* on a day without a single entry of that kind, whatever else was
    logged that day: the log has no "no crying today" entry, so no crying logged is not zero
    crying. Nappies are one kind: a day with a wet nappy but no dirty one logged has 0 dirty
    (the family logged nappies and none was dirty). Sleep and crying count the minutes of
    each entry that fall in the day, so a night's sleep that began yesterday is logged today.
    """

    day: date
    sleep_minutes: float | None
    feeds: int | None
    wet: int | None
    dirty: int | None
    crying_minutes: float | None

    @property
    def sleep_hours(self) -> float | None:
        return None if self.sleep_minutes is None else self.sleep_minutes / 60


def chart_days(
    baby: Baby, days: Sequence[date], tz: tzinfo, now: datetime | None = None
) -> list[ChartDay]:
    """Sleep, feeds, nappies and crying per local day, with gaps for days not logged.

    Four queries (sleep, crying, feeds, nappies), whatever the range.
    """
    if not days:
        return []
    now = now or timezone.now()
    bounds = [(day, *day_bounds(day, tz)) for day in days]
    start = min(b[1] for b in bounds)
    end = max(b[2] for b in bounds)

    def per_day(model: type[IntervalEntry]) -> tuple[dict[date, float], set[date]]:
        intervals = list(_overlapping(model, baby, start, end))
        minutes = _minutes_by_day(intervals, bounds, now)
        logged = {
            day
            for day, day_start, day_end in bounds
            for begin, finish in intervals
            if begin < day_end and (finish or now) > day_start
        }
        return minutes, logged

    sleep, sleep_days = per_day(Sleep)
    crying, crying_days = per_day(Crying)
    feed_starts = Feed.objects.filter(baby=baby, start__gte=start, start__lt=end).values_list(
        "start", flat=True
    )
    feeds = _count_by_local_day(feed_starts, tz)
    wet: dict[date, int] = {}
    dirty: dict[date, int] = {}
    nappy_days: set[date] = set()
    for when, is_wet, is_dirty in Nappy.objects.filter(
        baby=baby, time__gte=start, time__lt=end
    ).values_list("time", "wet", "dirty"):
        day = when.astimezone(tz).date()
        nappy_days.add(day)
        wet[day] = wet.get(day, 0) + is_wet
        dirty[day] = dirty.get(day, 0) + is_dirty
    return [
        ChartDay(
            day,
            round(sleep[day], 1) if day in sleep_days else None,
            feeds.get(day),
            wet.get(day, 0) if day in nappy_days else None,
            dirty.get(day, 0) if day in nappy_days else None,
            round(crying[day], 1) if day in crying_days else None,
        )
        for day in days
    ]
