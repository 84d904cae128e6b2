"""API routes of this app, mounted at /api/v1/ by firsttouch/api/api.py.

``GET /babies/{baby_id}/insights`` answers with what the insights page shows, from the same
:func:`overview.build_overview`: the with/without comparisons with their intervals and
sentences, the responses, the colic pattern with its red flags, and the crying context. The
sentences are part of the answer so every client words a finding the same careful way.
"""

# No ``from __future__ import annotations``: ninja reads the annotations at run time.

from datetime import date, datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Router, Schema

from firsttouch.api.kit.responses import INPUT_ERRORS
from firsttouch.api.kit.schemas import WarningOut
from firsttouch.api.kit.scoping import family_row_or_404
from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest
from firsttouch.tracking.red_flags import RECENT_DAYS, recent_warnings

from .colic import RED_FLAGS_INTRO, ColicPattern
from .enjoyment import MIN_SESSIONS, GroupResponse, Ranking
from .overview import build_overview, days_needed
from .stats import LEVEL, MIN_DAYS, Comparison

router = Router(tags=["insights"])


class IntervalOut(Schema):
    low: float
    high: float
    level: float = Field(
        description="Coverage: 0.95 for the primary measure; 1 - 0.05 / (number of "
        "secondaries) for a secondary (Bonferroni), e.g. 0.975."
    )


class ComparisonOut(Schema):
    measure: str = Field(
        description="total_sleep, night_sleep, longest_stretch, night_wakings or crying."
    )
    label: str = Field(description="The measure in words, e.g. 'night sleep'.")
    unit: str = Field(description="minutes or wakings.")
    role: Literal["primary", "secondary", "context"] = Field(
        description="primary: night sleep, the one measure tested at 95%. secondary: night "
        "wakings and crying, read only when the primary is clear, with Bonferroni intervals. "
        "context: total sleep and the longest stretch, which overlap night sleep: averages "
        "only, no interval, never a finding."
    )
    with_mean: float | None = Field(description="Average on days with the condition.")
    without_mean: float | None = Field(description="Average on days without it.")
    difference: float | None = Field(
        description="For primary and secondary measures, the difference on days with the "
        "condition allowing for a straight-line trend over the days compared (least squares "
        "with AR(1) errors); for context measures, with_mean - without_mean. Null when there "
        "is not enough data."
    )
    interval: IntervalOut | None = Field(
        description="Null for context measures and when there is not enough data."
    )
    clear: bool = Field(
        description="A finding: the interval lies wholly on one side of 0 and, for a "
        "secondary measure, the primary is clear too. Always false for context measures."
    )
    n_with: int
    n_without: int
    enough_data: bool = Field(description=f"At least {MIN_DAYS} days with and without.")
    days_needed_with: int
    days_needed_without: int
    sentence: str = Field(description="The finding in plain words; never a claim of cause.")


class GroupOut(Schema):
    label: str
    sessions: int
    engaged: int = Field(description="Sessions with at least one engagement cue.")
    disengaged: int = Field(description="Sessions with at least one disengagement cue.")
    with_states: int = Field(description="Sessions with the state before and after logged.")
    calmer: int = Field(description="Sessions where the baby was calmer afterwards.")
    ranked: bool = Field(description=f"False below {MIN_SESSIONS} sessions: shown, not ranked.")
    sentence: str


class ResponsesOut(Schema):
    min_sessions: int
    routines: list[GroupOut] = Field(description="Ranked groups first, best first.")
    steps: list[GroupOut]
    wand_heads: list[GroupOut]


class DaySpanOut(Schema):
    first: date
    last: date


class ColicCriteriaOut(Schema):
    wessel: bool = Field(description="Wessel's rule of threes is met.")
    rome_iv: bool = Field(description="The Rome IV research criterion is met.")
    rome_iv_age_ok: bool = Field(description="Some logged days fall before 5 months of age.")
    days_over_3h: int = Field(description="Days with more than 3 hours (Wessel).")
    days_3h_or_more: int = Field(description="Days with 3 hours or more (Rome IV).")
    wessel_weeks: list[DaySpanOut]
    rome_iv_window: DaySpanOut | None


class ColicOut(Schema):
    matches: bool = Field(
        description="The crying pattern matches the usual definition of "
        "colic: a pattern, never a diagnosis."
    )
    criteria: ColicCriteriaOut
    sentences: list[str]
    red_flags_intro: str
    red_flags: list[str] = Field(description="Signs that need a doctor, whatever the pattern.")


class RecentFlagOut(WarningOut):
    logged_at: datetime = Field(description="When the entry that raised it was logged.")


class InsightsOut(Schema):
    baby: int
    generated_at: datetime
    red_flags: list[RecentFlagOut] = Field(
        description=f"Baby red flags logged in the last {RECENT_DAYS} days (a pale stool, "
        "blood, a fever, a sign of serious illness), most urgent first: show them before "
        "anything else."
    )
    interval_level: float = Field(description="The primary measure's interval coverage.")
    min_days: int
    comparisons: list[ComparisonOut] = Field(
        description="Days after an evening massage against days without."
    )
    by_routine: list[ComparisonOut] = Field(
        description="Days after the bedtime wind-down against other evening routines; empty "
        "when every evening massage was the bedtime wind-down."
    )
    sleep_onset: str = Field(description="From the end of the evening massage to sleep.")
    responses: ResponsesOut
    colic: ColicOut
    crying_context: str


def _comparison(c: Comparison) -> dict[str, Any]:
    need_with, need_without = days_needed(c)
    interval = (
        None
        if c.low is None or c.high is None or c.level is None
        else {"low": c.low, "high": c.high, "level": c.level}
    )
    return {
        "measure": c.measure.key,
        "label": c.measure.label,
        "unit": c.measure.unit,
        "role": c.role,
        "with_mean": c.with_mean,
        "without_mean": c.without_mean,
        "difference": c.difference,
        "interval": interval,
        "clear": c.clear,
        "n_with": c.with_n,
        "n_without": c.without_n,
        "enough_data": c.enough_data,
        "days_needed_with": need_with,
        "days_needed_without": need_without,
        "sentence": c.sentence,
    }


def _groups(ranking: Ranking) -> list[dict[str, Any]]:
    def one(g: GroupResponse, ranked: bool) -> dict[str, Any]:
        return {
            "label": g.label,
            "sessions": g.sessions,
            "engaged": g.engaged,
            "disengaged": g.disengaged,
            "with_states": g.with_states,
            "calmer": g.calmer,
            "ranked": ranked,
            "sentence": g.describe(),
        }

    return [one(g, True) for g in ranking.ranked] + [one(g, False) for g in ranking.too_few]


def _colic(p: ColicPattern) -> dict[str, Any]:
    return {
        "matches": p.matches,
        "criteria": {
            "wessel": p.wessel,
            "rome_iv": p.rome_iv,
            "rome_iv_age_ok": p.rome_iv_age_ok,
            "days_over_3h": len(p.wessel_days),
            "days_3h_or_more": len(p.rome_days),
            "wessel_weeks": [{"first": a, "last": b} for a, b in p.wessel_weeks],
            "rome_iv_window": (
                None
                if p.rome_window is None
                else {"first": p.rome_window[0], "last": p.rome_window[1]}
            ),
        },
        "sentences": p.sentences,
        "red_flags_intro": RED_FLAGS_INTRO,
        "red_flags": list(p.red_flags),
    }


@router.get(
    "/babies/{baby_id}/insights",
    response={200: InsightsOut, **INPUT_ERRORS},
    summary="Is it helping? Days with and without an evening massage, compared",
    description="Comparisons over the last 12 weeks, from the end of each evening massage "
    "(and from the usual end time on other days), with intervals that allow for trend and "
    "day-to-day dependence: night sleep primary, wakings and crying secondary, total sleep "
    "and the longest stretch context only. Plain-language sentences (an association, never "
    "a cause), which routines, steps and wand heads "
    "the baby responded to, and the colic pattern with the red flags that "
    "need a doctor. Another family's baby answers 404.",
)
def baby_insights(request: FamilyRequest, baby_id: int) -> dict[str, Any]:
    baby = family_row_or_404(Baby, request, baby_id)
    now = timezone.now()
    o = build_overview(baby, timezone.get_current_timezone(), now=now, counts=False, cached=True)
    r = o.responses
    return {
        "baby": baby.pk,
        "generated_at": now,
        "red_flags": [
            {
                "code": w.code,
                "message": w.message,
                "action": w.action,
                "urgency": w.urgency,
                "source": w.source,
                "logged_at": w.logged_at,
            }
            for w in recent_warnings(baby, now)
        ],
        "interval_level": LEVEL,
        "min_days": MIN_DAYS,
        "comparisons": [_comparison(c) for c in o.comparisons],
        "by_routine": [_comparison(c) for c in o.by_routine],
        "sleep_onset": o.insights.onset_sentence,
        "responses": {
            "min_sessions": MIN_SESSIONS,
            "routines": _groups(r.routines),
            "steps": _groups(r.steps),
            "wand_heads": _groups(r.wand_heads),
        },
        "colic": _colic(o.insights.colic),
        "crying_context": o.insights.crying_context,
    }
