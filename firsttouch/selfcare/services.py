"""Domain rules for mood and self-care, tested without HTTP (tests/test_services.py).

Every function takes the user: these rows are hers alone, never the family's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from firsttouch.accounts.models import User
from firsttouch.accounts.roles import is_mother
from firsttouch.reminders import schedule
from firsttouch.wellbeing.models import Response
from firsttouch.wellbeing.safety import SafetyResponse, safety_for
from firsttouch.wellbeing.services import latest_epds

from .models import SELF_CARE, SYMPTOMS, Mood, MoodEntry, SelfCareDay, SymptomDay

# How many distinct symptoms in 7 days suggest taking an EPDS now. The published lists say only
# "several": 3 is a product default chosen by us, NOT a clinical cut-off. A deployment can
# change it with the SELFCARE_SYMPTOMS_SUGGEST_EPDS setting.
DEFAULT_SUGGEST_EPDS = 3
WINDOW_DAYS = 7
EPDS_PATH = "/wellbeing/epds/"


def suggest_threshold() -> int:
    """The setting, at least 1 (0 would suggest an EPDS to everyone, every day)."""
    return max(1, int(getattr(settings, "SELFCARE_SYMPTOMS_SUGGEST_EPDS", DEFAULT_SUGGEST_EPDS)))


def epds_url() -> str:
    """The EPDS page; the literal path until the wellbeing app names its URL."""
    try:
        return reverse("wellbeing:epds")
    except NoReverseMatch:
        return EPDS_PATH


# --- Saving: one row per user per day, validated by the model ------------------------------


Day = TypeVar("Day", MoodEntry, SelfCareDay, SymptomDay)
# A second attempt always finds the row the first one collided with; a third is for safety.
UPSERT_ATTEMPTS = 3


def _existing(model: type[Day], user: User, day: date) -> Day | None:
    """The day's row, locked until the transaction ends (PostgreSQL; SQLite has one writer)."""
    return model.objects.select_for_update().filter(user=user, day=day).first()


def _upsert(model: type[Day], user: User, day: date, change: Callable[[Day], None]) -> Day:
    """Create or change the one row of ``user`` on ``day``, safe against a concurrent PUT.

    Two requests for a new day can both find no row; the database's unique constraint then
    refuses the second insert (``IntegrityError``), and that request tries again, finding the
    row the other one made and changing it. The model's own check of the constraint is left
    out (``validate_constraints=False``): it would answer 422 "already exists" in that race,
    and the database enforces the constraint anyway.
    """
    for attempt in range(1, UPSERT_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                row = _existing(model, user, day) or model(user=user, day=day)
                change(row)
                row.full_clean(validate_constraints=False)
                row.save()
            return row
        except IntegrityError:
            if attempt == UPSERT_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def set_mood(user: User, day: date, mood: int, note: str = "") -> MoodEntry:
    """Record (or change) the day's mood: tapping another face replaces the first."""

    def change(entry: MoodEntry) -> None:
        entry.mood = mood
        entry.note = note

    return _upsert(MoodEntry, user, day, change)


def set_self_care(user: User, day: date, **values: Any) -> SelfCareDay:
    """Set the ticks (and sleep hours) given; the ones not given keep their value."""
    for name in values:
        if name not in SELF_CARE and name != "sleep_hours":
            raise ValueError(f"Unknown self-care field {name!r}")

    def change(row: SelfCareDay) -> None:
        for name, value in values.items():
            setattr(row, name, value)

    return _upsert(SelfCareDay, user, day, change)


def toggle_self_care(user: User, day: date, key: str) -> SelfCareDay:
    row = SelfCareDay.objects.filter(user=user, day=day).first()
    current = bool(row and getattr(row, key))
    return set_self_care(user, day, **{key: not current})


def set_symptoms(user: User, day: date, **values: bool) -> SymptomDay:
    for name in values:
        if name not in SYMPTOMS:
            raise ValueError(f"Unknown symptom {name!r}")

    def change(row: SymptomDay) -> None:
        for name, value in values.items():
            setattr(row, name, bool(value))

    return _upsert(SymptomDay, user, day, change)


def toggle_symptom(user: User, day: date, key: str) -> SymptomDay:
    row = SymptomDay.objects.filter(user=user, day=day).first()
    current = bool(row and getattr(row, key))
    return set_symptoms(user, day, **{key: not current})


# --- The symptom suggestion -----------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """Whether the last 7 days suggest taking an EPDS now, and why.

    ``safety`` is the crisis help of her recent check when its item 10 was above 0: then the
    page shows that help (the wellbeing app's own block and words) and never a nudge.
    """

    suggest_epds: bool
    symptoms: list[str]
    window_start: date
    window_end: date
    threshold: int
    epds_url: str
    safety: SafetyResponse | None = None

    @property
    def labels(self) -> list[str]:
        return [str(SYMPTOMS[key]) for key in self.symptoms]

    @property
    def message(self) -> str:
        if not self.suggest_epds:
            return ""
        return gettext(
            "You have noted several of these signs this week. A short wellbeing check "
            "(the EPDS) can help you see how you are doing: it takes a few minutes."
        )


def recent_epds(user: User, today: date | None = None) -> Response | None:
    """Her latest EPDS when it was completed less than the screening schedule's shortest
    repeat interval (``schedule.FOLLOW_UP_AFTER``, two weeks) before ``today``: until then
    a new check is not due, so nothing here should ask for one."""
    latest = latest_epds(user)
    if latest is None or latest.completed_at is None:
        return None
    today = today or timezone.localdate()
    completed_on = timezone.localdate(latest.completed_at)
    return latest if today - completed_on < schedule.FOLLOW_UP_AFTER else None


def symptom_suggestion(user: User, day: date, today: date | None = None) -> Suggestion:
    """Distinct symptoms in the 7 days ending on ``day`` (inclusive), against the setting.

    Distinct, not days: anxiety on three days is one sign, whereas anxiety, low energy and
    changed sleep are three. No nudge for anyone but the mother (the EPDS is hers), nor
    after a recent check (``recent_epds``); after a recent check whose item 10 was above 0,
    its crisis help instead.
    """
    recent = recent_epds(user, today)
    safety = safety_for(recent) if recent is not None else None
    start = day - timedelta(days=WINDOW_DAYS - 1)
    found: set[str] = set()
    for row in SymptomDay.objects.filter(user=user, day__gte=start, day__lte=day):
        found.update(row.present())
    symptoms = [key for key in SYMPTOMS if key in found]
    threshold = suggest_threshold()
    return Suggestion(
        suggest_epds=len(symptoms) >= threshold and recent is None and is_mother(user),
        symptoms=symptoms,
        window_start=start,
        window_end=day,
        threshold=threshold,
        epds_url=epds_url(),
        safety=safety,
    )


# --- The week -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayLine:
    day: date
    mood: int | None
    done: list[str]
    sleep_hours: Decimal | None

    @property
    def mood_label(self) -> str:
        return str(Mood(self.mood).label) if self.mood else ""


@dataclass(frozen=True)
class WeekSummary:
    """Monday to Sunday around a day: self-care counts and the mood trend, in plain words."""

    start: date
    end: date
    days: list[DayLine]
    counts: dict[str, int] = field(default_factory=dict)
    moods_logged: int = 0
    mood_average: float | None = None
    trend: str = "not_enough"

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(key, str(SELF_CARE[key]), self.counts.get(key, 0)) for key in SELF_CARE]

    @property
    def trend_text(self) -> str:
        return {
            "up": gettext("Your mood was a little higher later in the week."),
            "down": gettext(
                "Your mood was a little lower later in the week. Be gentle with yourself, "
                "and talk to someone you trust if it stays low."
            ),
            "steady": gettext("Your mood was about the same through the week."),
        }.get(self.trend, gettext("Tap a face on two or more days to see how your week went."))


# Half a face between the first and the second half of the logged days counts as a change.
TREND_STEP = 0.5


def mood_trend(moods: list[int]) -> str:
    """Compare the earlier half of the week's logged moods with the later half."""
    if len(moods) < 2:
        return "not_enough"
    half = len(moods) // 2
    earlier = sum(moods[:half]) / half
    later = sum(moods[-half:]) / half
    if later - earlier >= TREND_STEP:
        return "up"
    if earlier - later >= TREND_STEP:
        return "down"
    return "steady"


def week_summary(user: User, day: date) -> WeekSummary:
    start = day - timedelta(days=day.weekday())
    end = start + timedelta(days=6)
    moods = {m.day: m.mood for m in MoodEntry.objects.filter(user=user, day__range=(start, end))}
    care = {c.day: c for c in SelfCareDay.objects.filter(user=user, day__range=(start, end))}
    days: list[DayLine] = []
    counts = dict.fromkeys(SELF_CARE, 0)
    for offset in range(7):
        current = start + timedelta(days=offset)
        row = care.get(current)
        done = row.done() if row else []
        for key in done:
            counts[key] += 1
        days.append(DayLine(current, moods.get(current), done, row.sleep_hours if row else None))
    logged = [moods[d] for d in sorted(moods)]
    average = round(sum(logged) / len(logged), 1) if logged else None
    return WeekSummary(
        start=start,
        end=end,
        days=days,
        counts=counts,
        moods_logged=len(logged),
        mood_average=average,
        trend=mood_trend(logged),
    )
