"""Insights for one baby: queries once per kind, then pure arithmetic (nights, stats, colic).

Each call runs three queries (sleep, crying, massage sessions) whatever the amount of history,
through ``values_list`` so a year of entries (~15,000 rows) never builds model instances.
The baby must already have been fetched through the family scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from firsttouch.babies.models import Baby
from firsttouch.babies.services import corrected_age_days
from firsttouch.core import prepared
from firsttouch.core.prepared import Build
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Crying, GasEpisode, Nappy, Sleep

from .colic import ColicPattern, colic_pattern, crying_context, split_by_local_day
from .nights import (
    EVENING_START,
    DayMeasures,
    DayWindows,
    Timeline,
    measure_day,
    usual_end,
    windows,
)
from .stats import ANALYSIS_DAYS, EVENING_MASSAGE, MEASURES, Comparison, compare_days

HISTORY_DAYS = 366
BEDTIME_ROUTINE = "bedtime-wind-down"


# A year of a baby's log is ~5,000 intervals: the three queries run prepared (compiled once,
# times converted in one step), see firsttouch/core/prepared.py.


def _intervals(model: type[Sleep] | type[Crying]) -> Build:
    def build(values: dict[str, Any]) -> QuerySet[Any]:
        return (
            model.objects.filter(
                baby=values["baby"], start__gte=values["since"], start__lt=values["until"]
            )
            .order_by()
            .values_list("start", "end")
        )

    return build


def _sessions(values: dict[str, Any]) -> QuerySet[Any]:
    return (
        MassageSession.objects.filter(
            baby=values["baby"], started_at__gte=values["since"], started_at__lt=values["until"]
        )
        .order_by("started_at")
        .values_list("started_at", "ended_at", "routine_slug")
    )


@dataclass(frozen=True)
class BabyInsights:
    days: list[DayMeasures]
    massage_days: set[date]
    comparisons: list[Comparison]
    # Nights after the bedtime wind-down against nights after any other evening routine.
    by_routine: list[Comparison]
    onset_sentence: str
    colic: ColicPattern
    crying_context: str
    crying_by_day: dict[date, float] = field(default_factory=dict)


def _finished(rows: list[tuple[datetime, datetime | None]]) -> list[tuple[datetime, datetime]]:
    return [(s, e) for s, e in rows if e is not None and e > s]


def baby_insights(
    baby: Baby,
    tz: tzinfo | str,
    *,
    now: datetime | None = None,
    evening_start: time = EVENING_START,
    history_days: int = HISTORY_DAYS,
) -> BabyInsights:
    """Every insight of the baby's last ``history_days`` days, in three queries.

    ``evening_start`` opens the evening window (see nights.py); the window closes an hour
    after the baby's usual bedtime.
    """
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    now = now or timezone.now()
    since = now - timedelta(days=history_days + 2)
    sleep_rows = prepared.values(
        "insights:sleep", _intervals(Sleep), baby=baby, since=since, until=now
    )
    crying_rows = prepared.values(
        "insights:crying", _intervals(Crying), baby=baby, since=since, until=now
    )
    sessions = prepared.values("insights:sessions", _sessions, baby=baby, since=since, until=now)
    sleep, crying = Timeline(_finished(sleep_rows)), Timeline(_finished(crying_rows))

    today = now.astimezone(zone).date()
    first = (now - timedelta(days=history_days)).astimezone(zone).date()
    if sleep.items:
        first = max(first, sleep.items[0][0].astimezone(zone).date() - timedelta(days=1))
    # The last evening massage of each day, found first: the days without one are measured
    # from the usual time the massages end, which needs them all (nights.usual_end).
    evenings: list[tuple[date, DayWindows, tuple[datetime, datetime | None, str] | None]] = []
    index = 0
    day = first
    while day < today:
        w = windows(day, zone, baby.usual_bedtime, evening_start)
        if w.day24[1] > now:
            break
        while index < len(sessions) and sessions[index][0] < w.evening[0]:
            index += 1
        last: tuple[datetime, datetime | None, str] | None = None
        j = index
        while j < len(sessions) and sessions[j][0] < w.evening[1]:
            last = sessions[j]
            j += 1
        evenings.append((day, w, last))
        day += timedelta(days=1)
    usual = usual_end([_end(s) for _, _, s in evenings if s is not None], zone, evening_start)
    days: list[DayMeasures] = []
    massage_days: set[date] = set()
    routine_of: dict[date, str] = {}
    for day, w, last in evenings:
        # Wall-clock arithmetic in the family's zone: the usual time, even on a clock change.
        usual_at = (datetime.combine(day, evening_start, tzinfo=zone) + usual).astimezone(UTC)
        after = _end(last) if last else usual_at
        w = windows(day, zone, baby.usual_bedtime, evening_start, after=after)
        measures = measure_day(
            day, w, sleep, crying, last[1] if last else None, last[0] if last else None
        )
        if measures is not None:
            days.append(measures)
            if last is not None:
                massage_days.add(day)
                routine_of[day] = last[2]

    name = baby.name
    # The comparisons read the last ANALYSIS_DAYS days (stats.py: a straight-line trend).
    compared = [d for d in days if d.day >= today - timedelta(days=ANALYSIS_DAYS)]
    comparisons = _compare(compared, massage_days, name)
    bedtime = {d for d, slug in routine_of.items() if slug == BEDTIME_ROUTINE}
    others = massage_days - bedtime
    routine_days = [d for d in compared if d.day in massage_days]
    by_routine = (
        _compare(
            routine_days,
            bedtime,
            name,
            condition=gettext_noop("the bedtime wind-down (against other evening routines)"),
        )
        if others
        else []
    )
    onsets = [d.massage_to_sleep for d in days if d.massage_to_sleep is not None]
    if onsets:
        minutes = round(sum(onsets) / len(onsets))
        onset_sentence = ngettext(
            "After an evening massage, %(name)s fell asleep on average %(minutes)s minutes "
            "after it ended (%(n)s evening).",
            "After an evening massage, %(name)s fell asleep on average %(minutes)s minutes "
            "after it ended (%(n)s evenings).",
            len(onsets),
        ) % {"name": name, "minutes": minutes, "n": len(onsets)}
    else:
        onset_sentence = gettext("No evening massage followed by sleep logged yet.")

    crying_by_day = split_by_local_day(_finished(crying_rows), zone)
    log_days = {d.day for d in days} | set(crying_by_day)
    colic = colic_pattern(
        crying_by_day,
        baby.birth_date,
        first_day=min(log_days) if log_days else None,
        last_day=max(log_days) if log_days else None,
        baby_name=name,
    )
    # The last two weeks of the log, counting only days the family was logging.
    recent_days = [today - timedelta(days=n) for n in range(1, 15)]
    recent = [crying_by_day.get(d, 0.0) for d in recent_days if d in log_days]
    average = sum(recent) / len(recent) if recent else None
    age = corrected_age_days(baby.birth_date, baby.gestational_weeks, today)
    context = crying_context(age, average, corrected=age != (today - baby.birth_date).days)
    return BabyInsights(
        days, massage_days, comparisons, by_routine, onset_sentence, colic, context, crying_by_day
    )


def _end(session: tuple[datetime, datetime | None, str]) -> datetime:
    """When a session ended (its start, if it was never stopped)."""
    return session[1] or session[0]


def _compare(
    days: list[DayMeasures], group: set[date], name: str, condition: str = EVENING_MASSAGE
) -> list[Comparison]:
    """Every measure in MEASURES for days in ``group`` against the other days."""
    return compare_days(
        MEASURES,
        [d.day.toordinal() for d in days],
        [d.day in group for d in days],
        [[float(getattr(d, m.key)) for d in days] for m in MEASURES],
        name=name,
        condition=condition,
    )


@dataclass(frozen=True)
class DailyCounts:
    """Per local day: dirty nappies (stools), gas episodes and massage sessions started."""

    stools: dict[date, int]
    gas: dict[date, int]
    massages: dict[date, int]


def _count_by_day(moments: list[datetime], zone: tzinfo) -> dict[date, int]:
    counts: dict[date, int] = {}
    for moment in moments:
        day = moment.astimezone(zone).date()
        counts[day] = counts.get(day, 0) + 1
    return counts


def daily_counts(baby: Baby, tz: tzinfo | str, first_day: date, last_day: date) -> DailyCounts:
    """Stools, gas episodes and massages per local day from ``first_day`` to ``last_day``.

    Three ``values_list`` queries on the (baby, time) indexes, whatever the history: only the
    instants inside the range are read, never model instances. Days without any are absent.
    """
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    since = datetime.combine(first_day, time.min, tzinfo=zone)
    until = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
    values = {"baby": baby, "since": since, "until": until}

    def instants(key: str, model: type[Any], field: str, **only: Any) -> list[datetime]:
        def build(v: dict[str, Any]) -> QuerySet[Any]:
            return (
                model.objects.filter(
                    baby=v["baby"],
                    **{f"{field}__gte": v["since"], f"{field}__lt": v["until"]},
                    **only,
                )
                .order_by()
                .values_list(field)
            )

        return [t for (t,) in prepared.values(f"insights:daily:{key}", build, **values)]

    return DailyCounts(
        stools=_count_by_day(instants("stools", Nappy, "time", dirty=True), zone),
        gas=_count_by_day(instants("gas", GasEpisode, "time"), zone),
        massages=_count_by_day(instants("massages", MassageSession, "started_at"), zone),
    )


def data_version(baby: Baby) -> tuple[object, ...]:
    """What changes whenever anything ``baby_insights`` or ``baby_responses`` reads changes.

    One query: for sleep, crying and massage sessions, the number of the baby's rows and their
    latest ``updated_at``. A new or deleted entry changes the count, an edit (a timer stopped,
    a time corrected) moves ``updated_at`` (``auto_now``, which ``bulk_create`` sets too).
    Writes that bypass ``save()`` (``QuerySet.update``, raw SQL) are not seen; the app makes
    none on these tables.
    """
    rows = prepared.values("insights:version", _version_query, baby=baby.pk)
    return tuple(rows[0]) if rows else ()


# One query, compiled once (six subqueries: its compilation cost more than running it).


def _version_query(values: dict[str, Any]) -> QuerySet[Any]:
    annotations: dict[str, Subquery] = {}
    for model in (Sleep, Crying, MassageSession):
        rows = model.objects.filter(baby=OuterRef("pk")).order_by().values("baby")
        name = model._meta.model_name
        annotations[f"{name}_n"] = Subquery(
            rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        )
        annotations[f"{name}_at"] = Subquery(rows.annotate(at=Max("updated_at")).values("at")[:1])
    return Baby.objects.filter(pk=values["baby"]).annotate(**annotations).values_list(*annotations)
