"""What the Today page answers first, computed without HTTP.

A tired parent asks: how long since the last feed, and which breast is next? Since the last
nappy, the last sleep? How much sleep, how many feeds and nappies today? Each answer reads the
baby's newest *finished* entry (a running timer is shown by the timers strip, not here), and
totals are per local day in the family's time zone, a sleep across midnight split by day as
the charts do (``services.chart_days``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from firsttouch.babies.models import Baby
from firsttouch.tracking.models import BreastSide, Feed, FeedKind, Nappy, Sleep
from firsttouch.tracking.services import current_side, running_timers
from firsttouch.tracking.summary import format_duration, summarize

from .services import ChartDay, chart_days


@dataclass(frozen=True)
class LastEvent:
    """The newest finished entry of a kind: when it ended, and how long ago that was."""

    kind: str
    at: datetime
    ago: str
    summary: str


@dataclass(frozen=True)
class DayTotals:
    day: date
    sleep_minutes: float
    crying_minutes: float
    feeds: int
    wet: int
    dirty: int

    @property
    def sleep(self) -> str:
        return _total(self.sleep_minutes)

    @property
    def crying(self) -> str:
        return _total(self.crying_minutes)


def _total(minutes: float) -> str:
    """A day's total: "none" for nothing logged, not "under a minute"."""
    return format_duration(timedelta(minutes=minutes)) if minutes else _("none")


def _ago(at: datetime, now: datetime) -> str:
    return format_duration(max(now - at, timedelta(0)))


def last_events(baby: Baby, now: datetime | None = None) -> dict[str, LastEvent | None]:
    """The last feed, nappy and sleep (three queries, each on a (baby, end|time) index).

    A feed or sleep counts from its end: "awake for 40 min", "fed 2 h ago (ended)".
    """
    now = now or timezone.now()
    found: dict[str, LastEvent | None] = {}
    for kind, model in (("feed", Feed), ("sleep", Sleep)):
        entry = (
            model.objects.filter(baby=baby, end__isnull=False, end__lte=now)
            .order_by("-end")
            .first()
        )
        found[kind] = (
            LastEvent(kind, entry.end, _ago(entry.end, now), summarize(entry))
            if entry is not None and entry.end is not None
            else None
        )
    nappy = Nappy.objects.filter(baby=baby, time__lte=now).order_by("-time").first()
    found["nappy"] = (
        LastEvent("nappy", nappy.time, _ago(nappy.time, now), summarize(nappy)) if nappy else None
    )
    return found


def next_breast(baby: Baby) -> str:
    """The other breast from the side the last finished breastfeed ended on.

    "" when there is no such feed, or the last one was logged as "both" without its order
    (then the app does not guess).
    """
    last = (
        Feed.objects.filter(baby=baby, kind=FeedKind.BREAST, end__isnull=False)
        .order_by("-end")
        .first()
    )
    if last is None:
        return ""
    side = current_side(last)
    if side == BreastSide.LEFT:
        return BreastSide.RIGHT
    if side == BreastSide.RIGHT:
        return BreastSide.LEFT
    return ""


def totals_of(logged: ChartDay) -> DayTotals:
    """A day's totals from its chart row, where "not logged" reads as none."""
    return DayTotals(
        logged.day,
        logged.sleep_minutes or 0.0,
        logged.crying_minutes or 0.0,
        logged.feeds or 0,
        logged.wet or 0,
        logged.dirty or 0,
    )


def day_totals(baby: Baby, day: date, tz: tzinfo, now: datetime | None = None) -> DayTotals:
    """Sleep and crying minutes, feeds begun, wet and dirty nappies on one local day (the
    charts' own count of that day: four queries)."""
    return totals_of(chart_days(baby, [day], tz, now)[0])


@dataclass(frozen=True)
class SiblingGlance:
    """One baby in the family strip: running timers and last events, side by side."""

    baby: Baby
    timers: list[str]
    last: dict[str, LastEvent | None]


def family_glance(babies: list[Baby], now: datetime | None = None) -> list[SiblingGlance]:
    """Every baby of the family at a glance (twins): a few queries per baby."""
    now = now or timezone.now()
    return [
        SiblingGlance(
            baby,
            [
                _("%(what)s for %(elapsed)s")
                % {"what": summarize(t), "elapsed": format_duration(now - t.start)}
                for t in running_timers(baby)
            ],
            last_events(baby, now),
        )
        for baby in babies
    ]


def parse_day(value: str | None, today: date) -> date | None:
    """The day asked for in ``?day=YYYY-MM-DD``: today when absent, None if unreadable or
    in the future (the page then says so and shows today)."""
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if day <= today else None
