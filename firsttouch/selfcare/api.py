"""API routes for mood, self-care and the symptom checklist, mounted by firsttouch/api/api.py.

All of it is the caller's own: rows are looked up by the logged-in user, never by family, so a
partner's token or another family's gets 404 for a day it did not log. Days are local dates
(YYYY-MM-DD) in the family's time zone; a day in the future is a 422.
"""

# No ``from __future__ import annotations``: ninja reads the annotations at run time.

import datetime as dt
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from firsttouch.api.kit.errors import ApiError
from firsttouch.api.kit.inputs import SaneDate
from firsttouch.api.kit.paging import ListParams, page_of, paginate
from firsttouch.api.kit.responses import INPUT_ERRORS, UPSERT_ERRORS
from firsttouch.api.kit.scoping import own_row_or_404
from firsttouch.core.http import FamilyRequest

from . import services
from .models import SYMPTOMS, MoodEntry, SelfCareDay, SymptomDay

router = Router(tags=["selfcare"])

# A PUT keyed by a day creates the day: it never answers 404.
WRITE_ERRORS = UPSERT_ERRORS
FUTURE = "That day is in the future. Choose today or an earlier day."


def _past_or_today(day: dt.date) -> dt.date:
    if day > timezone.localdate():
        raise ApiError(422, FUTURE, fields={"date": [FUTURE]})
    return day


def _own(model: type[Model], request: FamilyRequest, day: dt.date) -> Any:
    return own_row_or_404(model._default_manager.all(), request, day=day)


# --- Mood -----------------------------------------------------------------------------------


class MoodIn(Schema):
    mood: Annotated[int, Field(ge=1, le=5, description="1 (very low) to 5 (very good).")]
    note: Annotated[str, Field(max_length=1000)] = ""


class MoodOut(Schema):
    date: dt.date
    mood: int = Field(description="1 (very low) to 5 (very good); a note, never a score.")
    label: str
    note: str
    updated_at: datetime

    @staticmethod
    def resolve_date(obj: MoodEntry) -> dt.date:
        return obj.day

    @staticmethod
    def resolve_label(obj: MoodEntry) -> str:
        return str(obj.get_mood_display())


class MoodFilters(ListParams):
    since: SaneDate | None = Field(None, description="Days on or after this date.")
    until: SaneDate | None = Field(None, description="Days on or before this date.")


MoodPage = page_of(MoodOut)


@router.get(
    "/mood",
    response={200: MoodPage, **INPUT_ERRORS},
    summary="List your moods",
    description="Newest day first, paginated with limit and offset; since and until "
    "are inclusive dates.",
)
def list_moods(request: FamilyRequest, filters: Query[MoodFilters]) -> dict[str, Any]:
    rows: QuerySet[MoodEntry] = MoodEntry.objects.filter(user=request.user).order_by("-day")
    if filters.since is not None:
        rows = rows.filter(day__gte=filters.since)
    if filters.until is not None:
        rows = rows.filter(day__lte=filters.until)
    return paginate(request, filters, rows)


@router.get("/mood/{date}", response={200: MoodOut, **INPUT_ERRORS}, summary="Read a day's mood")
def get_mood(request: FamilyRequest, date: SaneDate) -> MoodEntry:
    return _own(MoodEntry, request, date)


@router.put(
    "/mood/{date}",
    response={200: MoodOut, **WRITE_ERRORS},
    summary="Set a day's mood",
    description="One mood a day: sending again replaces it.",
)
def put_mood(request: FamilyRequest, date: SaneDate, payload: MoodIn) -> MoodEntry:
    return services.set_mood(request.user, _past_or_today(date), payload.mood, payload.note)


# --- Self-care ------------------------------------------------------------------------------


class SelfCareIn(Schema):
    meditation: bool = False
    yoga: bool = False
    exercise: bool = False
    sun: bool = Field(False, description="Time outside in the sun.")
    social: bool = Field(False, description="Time with friends or family.")
    sleep_hours: Annotated[Decimal, Field(ge=0, le=24, max_digits=3, decimal_places=1)] | None = (
        None
    )


class SelfCareOut(SelfCareIn):
    date: dt.date
    updated_at: datetime

    @staticmethod
    def resolve_date(obj: SelfCareDay) -> dt.date:
        return obj.day


class WeekDay(Schema):
    date: dt.date
    mood: int | None
    self_care: list[str]
    sleep_hours: Decimal | None


class WeekOut(Schema):
    start: dt.date
    end: dt.date
    days: list[WeekDay]
    days_with: dict[str, int] = Field(description="Days this week with each self-care.")
    moods_logged: int
    mood_average: float | None
    mood_trend: str = Field(description="up, down, steady or not_enough (fewer than 2 days).")
    mood_trend_text: str


@router.get(
    "/self-care/week",
    response={200: WeekOut, **INPUT_ERRORS},
    summary="Your week: self-care counts and mood trend",
    description="Monday to Sunday around `date` (default today).",
)
def self_care_week(request: FamilyRequest, date: SaneDate | None = None) -> dict[str, Any]:
    week = services.week_summary(request.user, date or timezone.localdate())
    return {
        "start": week.start,
        "end": week.end,
        "days": [
            {"date": d.day, "mood": d.mood, "self_care": d.done, "sleep_hours": d.sleep_hours}
            for d in week.days
        ],
        "days_with": week.counts,
        "moods_logged": week.moods_logged,
        "mood_average": week.mood_average,
        "mood_trend": week.trend,
        "mood_trend_text": week.trend_text,
    }


@router.get(
    "/self-care/{date}",
    response={200: SelfCareOut, **INPUT_ERRORS},
    summary="Read a day's self-care",
)
def get_self_care(request: FamilyRequest, date: SaneDate) -> SelfCareDay:
    return _own(SelfCareDay, request, date)


@router.put(
    "/self-care/{date}",
    response={200: SelfCareOut, **WRITE_ERRORS},
    summary="Set a day's self-care",
    description="Replaces the day's ticks and sleep.",
)
def put_self_care(request: FamilyRequest, date: SaneDate, payload: SelfCareIn) -> SelfCareDay:
    return services.set_self_care(request.user, _past_or_today(date), **payload.model_dump())


# --- Symptoms -------------------------------------------------------------------------------


class SymptomsIn(Schema):
    anxiety: bool = False
    sleep_change: bool = Field(False, description="Changed sleep.")
    appetite_loss: bool = Field(False, description="Lost appetite.")
    low_energy: bool = False
    extreme_sadness: bool = False


class SuggestionOut(Schema):
    suggest_epds: bool = Field(
        description="True when the 7 days ending on this date have at "
        "least `threshold` distinct symptoms."
    )
    symptoms_in_window: list[str]
    window_start: dt.date
    window_end: dt.date
    threshold: int = Field(
        description="A product default (setting "
        "SELFCARE_SYMPTOMS_SUGGEST_EPDS), not a clinical "
        "cut-off."
    )
    message: str
    epds_url: str


class SymptomsOut(SymptomsIn):
    date: dt.date
    present: list[str]
    suggestion: SuggestionOut
    updated_at: datetime


def _symptoms_body(request: FamilyRequest, row: SymptomDay) -> dict[str, Any]:
    hint = services.symptom_suggestion(request.user, row.day)
    body: dict[str, Any] = {key: getattr(row, key) for key in SYMPTOMS}
    body.update(
        date=row.day,
        present=row.present(),
        updated_at=row.updated_at,
        suggestion={
            "suggest_epds": hint.suggest_epds,
            "symptoms_in_window": hint.symptoms,
            "window_start": hint.window_start,
            "window_end": hint.window_end,
            "threshold": hint.threshold,
            "message": hint.message,
            "epds_url": hint.epds_url,
        },
    )
    return body


@router.get(
    "/symptoms/{date}",
    response={200: SymptomsOut, **INPUT_ERRORS},
    summary="Read a day's symptom checklist",
)
def get_symptoms(request: FamilyRequest, date: SaneDate) -> dict[str, Any]:
    return _symptoms_body(request, _own(SymptomDay, request, date))


@router.put(
    "/symptoms/{date}",
    response={200: SymptomsOut, **WRITE_ERRORS},
    summary="Set a day's symptom checklist",
    description="The response carries `suggestion`: whether to take an EPDS now.",
)
def put_symptoms(request: FamilyRequest, date: SaneDate, payload: SymptomsIn) -> dict[str, Any]:
    row = services.set_symptoms(request.user, _past_or_today(date), **payload.model_dump())
    return _symptoms_body(request, row)
