"""Everything the insights page and the insights API show, gathered once per request.

The page and ``GET /api/v1/babies/{id}/insights`` both start from :func:`build_overview`, so
they always agree. It runs a fixed number of queries (three for the comparisons and colic, one
for the responses, three for stools, gas and massage days, and one more to check the cache),
whatever the length of the history, and adds only arithmetic on top of the tested domain code
(services, stats, colic, enjoyment). Nothing here words a finding: the sentences are the
domain's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.core.cache import cache
from django.utils.translation import get_language, gettext

from firsttouch.babies.models import Baby

from .colic import RED_FLAGS, RED_FLAGS_INTRO
from .enjoyment import MIN_SESSIONS, Responses, baby_responses
from .services import BabyInsights, DailyCounts, baby_insights, daily_counts, data_version
from .stats import LEVEL, MIN_DAYS, Comparison

CACHE_SECONDS = 3600
WEEKS = 8
DAYS = 14
# The order a mother reads them in: the primary measure, the secondaries, then the context.
DISPLAY_ORDER = ("night_sleep", "night_wakings", "crying", "total_sleep", "longest_stretch")


@dataclass(frozen=True)
class Week:
    """Seven local days, ``first`` to ``last``, with what was logged in them."""

    first: date
    last: date
    night_sleep_hours: float | None  # average over the nights logged; None when none were
    crying_minutes: float | None  # average over the days logged; None when none were
    massage_days: int
    stools: int
    gas: int


@dataclass(frozen=True)
class Overview:
    baby: Baby
    today: date
    insights: BabyInsights
    responses: Responses
    counts: DailyCounts
    comparisons: list[Comparison]  # in DISPLAY_ORDER
    by_routine: list[Comparison]
    weeks: list[Week]
    days: list[date]  # the last DAYS days, oldest first
    crying_by_day: dict[date, float]

    @property
    def has_data(self) -> bool:
        """Anything logged that the page can use: a night, a crying spell or a session."""
        return bool(
            self.insights.days
            or self.insights.crying_by_day
            or any(self.counts.massages.values())
            or _sessions(self.responses)
            or any(self.counts.stools.values())
            or any(self.counts.gas.values())
        )

    @property
    def has_responses(self) -> bool:
        return _sessions(self.responses) > 0

    @property
    def red_flags_intro(self) -> str:
        return gettext(RED_FLAGS_INTRO)

    @property
    def red_flags(self) -> tuple[str, ...]:
        return tuple(gettext(flag) for flag in RED_FLAGS)

    @property
    def level_percent(self) -> int:
        return round(LEVEL * 100)

    @property
    def min_days(self) -> int:
        return MIN_DAYS

    @property
    def min_sessions(self) -> int:
        return MIN_SESSIONS


def _sessions(responses: Responses) -> int:
    ranking = responses.routines
    return sum(g.sessions for g in ranking.ranked) + sum(g.sessions for g in ranking.too_few)


def days_needed(comparison: Comparison) -> tuple[int, int]:
    """How many more days with and without are needed before a comparison is made."""
    return (max(0, MIN_DAYS - comparison.with_n), max(0, MIN_DAYS - comparison.without_n))


def _weeks(insights: BabyInsights, counts: DailyCounts, today: date, weeks: int) -> list[Week]:
    nights = {d.day: d.night_sleep for d in insights.days}
    logged = set(nights) | set(insights.crying_by_day)
    result = []
    for k in range(weeks - 1, -1, -1):
        last = today - timedelta(days=7 * k)
        first = last - timedelta(days=6)
        span = [first + timedelta(days=n) for n in range(7)]
        sleep = [nights[d] for d in span if d in nights]
        crying_days = [d for d in span if d in logged]
        result.append(
            Week(
                first=first,
                last=last,
                night_sleep_hours=sum(sleep) / len(sleep) / 60 if sleep else None,
                crying_minutes=(
                    sum(insights.crying_by_day.get(d, 0.0) for d in crying_days) / len(crying_days)
                    if crying_days
                    else None
                ),
                massage_days=sum(1 for d in span if counts.massages.get(d)),
                stools=sum(counts.stools.get(d, 0) for d in span),
                gas=sum(counts.gas.get(d, 0) for d in span),
            )
        )
    return result


def build_overview(
    baby: Baby, tz: tzinfo, *, now: datetime, counts: bool = True, cached: bool = False
) -> Overview:
    """The baby's insights, responses and the last weeks' counts, in seven queries.

    ``counts=False`` leaves out the stools, gas and massage days per week (three queries) for
    callers that show no weekly charts, such as the API. ``cached=True`` reuses the insights
    and responses computed for the same log (see :func:`cached_core`).
    """
    insights, responses = (
        cached_core(baby, tz, now=now)
        if cached
        else (baby_insights(baby, tz, now=now), baby_responses(baby))
    )
    today = now.astimezone(tz).date()
    age_weeks = (today - baby.birth_date).days // 7 + 1
    weeks = max(1, min(WEEKS, age_weeks))
    first = today - timedelta(days=7 * weeks - 1)
    daily = daily_counts(baby, tz, first, today) if counts else DailyCounts({}, {}, {})
    by_key = {c.measure.key: c for c in insights.comparisons}
    ordered = [by_key[k] for k in DISPLAY_ORDER if k in by_key]
    ordered += [c for c in insights.comparisons if c.measure.key not in DISPLAY_ORDER]
    return Overview(
        baby=baby,
        today=today,
        insights=insights,
        responses=responses,
        counts=daily,
        comparisons=ordered,
        by_routine=insights.by_routine,
        weeks=_weeks(insights, daily, today, weeks),
        days=[today - timedelta(days=n) for n in range(DAYS - 1, -1, -1)],
        crying_by_day=insights.crying_by_day,
    )


def cache_key(baby: Baby, tz: tzinfo, now: datetime) -> str:
    """Everything the insights and responses depend on: the baby, zone, local hour and log.

    The local hour is enough for the clock: the days compared change at local midnight and at
    the evening start (16:00), both on the hour. ``data_version`` covers the entries read.
    """
    parts = (
        baby.pk,
        get_language(),  # the sentences are worded in the reader's language
        baby.name,
        baby.birth_date,
        baby.gestational_weeks,  # the crying norms use the corrected age
        baby.usual_bedtime,
        str(tz),
        now.astimezone(tz).strftime("%Y-%m-%d %H"),
        data_version(baby),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"insights:core:{baby.pk}:{digest}"


def cached_core(baby: Baby, tz: tzinfo, *, now: datetime) -> tuple[BabyInsights, Responses]:
    """``baby_insights`` and ``baby_responses``, kept until the log (or the hour) changes.

    With a year of history they are nearly all of the page's time (reading ~5,000
    intervals, and the comparisons); looking at the page again without logging anything new
    then costs one query (``data_version``) instead of four and the arithmetic. A new, edited
    or deleted entry makes a new key at once, in every server process, since the key is read
    from the database.
    """
    key = cache_key(baby, tz, now)
    found = cache.get(key)
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], BabyInsights)
        and isinstance(found[1], Responses)
    ):
        return found[0], found[1]
    core = (baby_insights(baby, tz, now=now), baby_responses(baby))
    cache.set(key, core, CACHE_SECONDS)
    return core
