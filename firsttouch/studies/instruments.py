"""Study instruments that are not questionnaires: "the baby's logs summarised" (``baby_logs``).

A study's schedule names instruments by id. Most are questionnaires (the bundled EPDS, or a
clinic's import such as a bonding questionnaire), answered by the participant and linked by
``followup.link_response``. ``baby_logs`` is answered by nobody: once a time point's target
day has passed, the worker summarises what her family logged in the ``PERIOD_DAYS`` days
before that day and stores it as the time point's ``Assessment`` with ``values`` (decision
0013). ``BABY_LOGS_MEASURES`` is the data dictionary of those values, for the exports.

The rules of the summary, so that every participant is measured the same way:

- The period is the ``PERIOD_DAYS`` whole days before the target day (target - 7 to
  target - 1), as calendar days in her family's time zone. The target day itself is left out:
  it is not over when the summary could run.
- An entry belongs to the local day it started (a sleep from 22:00 to 06:00 is the evening's),
  with its whole duration. Entries still running (no end: a timer left on) are left out.
- ``days_logged``: the days of the period with at least one entry of any kind (tracking or
  massage). A day with no entry at all is missing, not a day with nothing in it.
- A per-day mean divides the period's total by ``days_logged``: on a day she logged anything,
  a kind she did not log counts as none. A kind with no entry in the whole period is None
  (not tracked), never 0; with ``days_logged`` 0 every measure is None.
- Every baby of her family counts (twins' feeds add up), and only her family's: the family
  she enrolled with (``Participant.family_id``).

Consent: the summary is data she agreed to give when she enrolled; the schedule naming
``baby_logs`` is locked with the consent text she read. Nothing here is shown to staff, so no
access-log row is written; the values leave the study only through its exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from firsttouch.accounts.models import Family
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Crying, Feed, Nappy, Sleep
from firsttouch.wellbeing.instruments import instruments

from . import followup
from .models import Participant

BABY_LOGS = "baby_logs"
PERIOD_DAYS = 7

# The built-in instruments a schedule may name besides questionnaires: id -> what it is.
BUILT_IN: dict[str, str] = {BABY_LOGS: "The baby's logs summarised"}

# The data dictionary of ``baby_logs``: each value's name -> (label, unit). Over the 7 whole
# days before the time point's target day, in the family's time zone; None when nothing of
# that kind was logged in the period.
BABY_LOGS_MEASURES: dict[str, tuple[str, str]] = {
    "days_logged": ("Days of the 7 with at least one log of any kind", "days"),
    "massage_sessions": ("Massage sessions finished in the 7 days", "sessions"),
    "massage_minutes": ("Total time of those massage sessions", "minutes"),
    "sleep_hours_per_day": ("Sleep logged, mean per day logged", "hours per day"),
    "crying_minutes_per_day": ("Crying or fussing logged, mean per day logged", "minutes per day"),
    "feeds_per_day": ("Feeds logged (breast, bottle or solids), mean per day logged", "per day"),
    "nappies_per_day": (
        "Nappy changes logged (wet, dirty or both), mean per day logged",
        "per day",
    ),
    "stools_per_day": ("Dirty nappies (stools) logged, mean per day logged", "per day"),
}


def is_built_in(instrument_id: str) -> bool:
    return instrument_id in BUILT_IN


def unknown_instruments(instrument_ids: Iterable[str]) -> list[str]:
    """The ids, in order and once each, that are neither built in nor a known questionnaire
    (bundled or imported)."""
    registry = instruments()
    unknown: list[str] = []
    for instrument_id in instrument_ids:
        if instrument_id in unknown or is_built_in(instrument_id):
            continue
        if registry.get(instrument_id) is None:
            unknown.append(instrument_id)
    return unknown


def instrument_name(instrument_id: str) -> str:
    """What a person reads for an instrument id: the questionnaire's name, or the built-in's."""
    if is_built_in(instrument_id):
        return BUILT_IN[instrument_id]
    found = instruments().get(instrument_id)
    return found.name if found is not None else instrument_id


# --- The summary -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole local days ``first`` to ``last`` (both included) in ``zone``."""

    first: date
    last: date
    zone: ZoneInfo

    @classmethod
    def before(cls, target: date, zone: ZoneInfo, days: int = PERIOD_DAYS) -> Period:
        return cls(target - timedelta(days=days), target - timedelta(days=1), zone)

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=self.zone)

    @property
    def ends(self) -> datetime:
        """The first moment after the period (midnight after ``last``)."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=self.zone)

    def day_of(self, moment: datetime) -> date:
        return timezone.localtime(moment, self.zone).date()


def _mean(total: float, days: int, logged: bool) -> float | None:
    if not logged or days == 0:
        return None
    return round(total / days, 2)


def summarise(family: Family | None, period: Period) -> dict[str, Any]:
    """Her family's logs over ``period`` as the ``BABY_LOGS_MEASURES`` values.

    Reads only the babies of ``family``, through the family scope (``for_family``); no
    family (deleted since) reads nothing."""
    days: set[date] = set()

    def intervals(model: Any) -> list[tuple[datetime, datetime | None]]:
        rows = model.objects.for_family(family).filter(start__gte=period.starts)
        rows = rows.filter(start__lt=period.ends).exclude(end=None)
        found = list(rows.values_list("start", "end"))
        days.update(period.day_of(start) for start, _ in found)
        return found

    sleeps, cries, feeds = intervals(Sleep), intervals(Crying), intervals(Feed)
    nappies = list(
        Nappy.objects.for_family(family)
        .filter(time__gte=period.starts, time__lt=period.ends)
        .values_list("time", "dirty")
    )
    days.update(period.day_of(moment) for moment, _ in nappies)
    sessions = list(
        MassageSession.objects.for_family(family)
        .filter(started_at__gte=period.starts, started_at__lt=period.ends)
        .exclude(ended_at=None)
        .values_list("started_at", "ended_at")
    )
    days.update(period.day_of(start) for start, _ in sessions)

    def seconds(rows: Iterable[tuple[datetime, datetime | None]]) -> float:
        return sum((end - start).total_seconds() for start, end in rows if end is not None)

    logged = len(days)
    return {
        "days_logged": logged,
        "massage_sessions": len(sessions) if sessions else None,
        "massage_minutes": round(seconds(sessions) / 60, 1) if sessions else None,
        "sleep_hours_per_day": _mean(seconds(sleeps) / 3600, logged, bool(sleeps)),
        "crying_minutes_per_day": _mean(seconds(cries) / 60, logged, bool(cries)),
        "feeds_per_day": _mean(len(feeds), logged, bool(feeds)),
        "nappies_per_day": _mean(len(nappies), logged, bool(nappies)),
        # A nappy not dirty is a day's stool count of none: stools are tracked with nappies.
        "stools_per_day": _mean(sum(1 for _, dirty in nappies if dirty), logged, bool(nappies)),
    }


def record_baby_logs(today: date | None = None) -> int:
    """Summarise the logs of every active participant for each time point listing
    ``baby_logs`` whose target day has passed; how many assessments were stored.

    Idempotent: a time point already summarised is skipped (and the unique constraint on
    participant, time point and instrument stops a concurrent worker storing it twice). The
    assessment's ``done_on`` is the target day the summary belongs to, inside its window."""
    today = today or timezone.localdate()
    people = (
        Participant.objects.filter(
            study__status__in=followup.FOLLOWED,
            withdrawn_at=None,
            family_id__isnull=False,
        )
        .select_related("study")
        .prefetch_related("assessments")
    )
    stored = 0
    for participant in people:
        points = [p for p in participant.study.time_points() if BABY_LOGS in p.instruments]
        if not points:
            continue
        done = {a.time_point for a in participant.assessments.all() if a.instrument == BABY_LOGS}
        anchor = followup.anchor_of(participant)
        due = [p for p in points if p.key not in done and p.target(anchor) < today]
        if not due:
            continue
        family_id = participant.family_id
        family = Family.objects.filter(pk=family_id).first() if family_id else None
        zone = ZoneInfo(family.time_zone if family else settings.TIME_ZONE)
        for point in due:
            target = point.target(anchor)
            values = summarise(family, Period.before(target, zone))
            made = followup.record_assessment(
                participant, point.key, BABY_LOGS, target, values=values
            )
            stored += made is not None
    return stored
