"""/selfcare/: today's mood, self-care, sleep and symptoms, and this week below.

Every tap posts a small form; htmx swaps the day's panel in place, and without JavaScript the
page reloads. Rows are the logged-in user's own: nobody else's are ever read.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms as djforms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from firsttouch.accounts.roles import is_mother
from firsttouch.core.http import FamilyRequest, family_required

from . import services
from .forms import (
    DayForm,
    MoodForm,
    SelfCareToggleForm,
    SleepForm,
    SymptomToggleForm,
    first_errors,
)
from .models import SELF_CARE, SYMPTOMS, Mood, MoodEntry, SelfCareDay, SymptomDay


def _chosen_day(request: FamilyRequest) -> date:
    form = DayForm({"day": request.GET.get("day") or timezone.localdate().isoformat()})
    return form.cleaned_data["day"] if form.is_valid() else timezone.localdate()


def day_context(
    request: FamilyRequest, day: date, errors: list[str] | None = None, note: str | None = None
) -> dict[str, Any]:
    user = request.user
    mood = MoodEntry.objects.filter(user=user, day=day).first()
    care = SelfCareDay.objects.filter(user=user, day=day).first()
    symptoms = SymptomDay.objects.filter(user=user, day=day).first()
    today = timezone.localdate()
    return {
        "day": day,
        "is_today": day == today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < today else None,
        "mood": mood,
        "note": note if note is not None else (mood.note if mood else ""),
        "faces": [
            (value, label, bool(mood and mood.mood == value)) for value, label in Mood.choices
        ],
        "care": [
            (key, label, bool(care and getattr(care, key))) for key, label in SELF_CARE.items()
        ],
        "sleep_hours": care.sleep_hours if care and care.sleep_hours is not None else "",
        "symptoms": [
            (key, label, bool(symptoms and getattr(symptoms, key)))
            for key, label in SYMPTOMS.items()
        ],
        "suggestion": services.symptom_suggestion(user, day, today),
        "mother": is_mother(user),
        "week": services.week_summary(user, day),
        "errors": errors or [],
    }


def _respond(
    request: FamilyRequest, day: date, errors: list[str] | None = None, note: str | None = None
) -> HttpResponse:
    """After a tap: the panel for htmx, a reload otherwise; errors are shown, not redirected."""
    if not errors and not request.htmx:  # type: ignore[attr-defined]
        return redirect(f"{reverse('selfcare:today')}?day={day.isoformat()}")
    context = day_context(request, day, errors, note)
    if request.htmx:  # type: ignore[attr-defined]
        # htmx leaves 4xx answers unswapped, so a refusal is a 200 that shows the message.
        return render(request, "selfcare/_day.html", context)
    return render(request, "selfcare/today.html", context, status=400)


def _typed_note(request: FamilyRequest) -> str | None:
    """A note typed but not yet saved (htmx sends it along) survives a tap on a tick."""
    return request.POST.get("note")


def _posted_day(form: djforms.Form) -> date:
    day = form.cleaned_data.get("day")
    return day if isinstance(day, date) else timezone.localdate()


@family_required
def today(request: FamilyRequest) -> HttpResponse:
    return render(request, "selfcare/today.html", day_context(request, _chosen_day(request)))


@require_POST
@family_required
def save_mood(request: FamilyRequest) -> HttpResponse:
    form = MoodForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, _posted_day(form), first_errors(form), note=request.POST.get("note", "")
        )
    data = form.cleaned_data
    services.set_mood(request.user, data["day"], data["mood"], data["note"])
    return _respond(request, data["day"])


@require_POST
@family_required
def toggle_care(request: FamilyRequest) -> HttpResponse:
    form = SelfCareToggleForm(request.POST)
    if not form.is_valid():
        return _respond(request, _posted_day(form), first_errors(form), _typed_note(request))
    services.toggle_self_care(request.user, form.cleaned_data["day"], form.cleaned_data["key"])
    return _respond(request, form.cleaned_data["day"], note=_typed_note(request))


@require_POST
@family_required
def save_sleep(request: FamilyRequest) -> HttpResponse:
    form = SleepForm(request.POST)
    if not form.is_valid():
        return _respond(request, _posted_day(form), first_errors(form), _typed_note(request))
    services.set_self_care(
        request.user, form.cleaned_data["day"], sleep_hours=form.cleaned_data["sleep_hours"]
    )
    return _respond(request, form.cleaned_data["day"], note=_typed_note(request))


@require_POST
@family_required
def toggle_symptom(request: FamilyRequest) -> HttpResponse:
    form = SymptomToggleForm(request.POST)
    if not form.is_valid():
        return _respond(request, _posted_day(form), first_errors(form), _typed_note(request))
    services.toggle_symptom(request.user, form.cleaned_data["day"], form.cleaned_data["key"])
    return _respond(request, form.cleaned_data["day"], note=_typed_note(request))
