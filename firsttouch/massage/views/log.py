"""After the massage: the quick log, logging afterwards, the session list, edit and delete,
and the family's massager device."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404, scoped
from firsttouch.core.warnings import most_urgent_first

from .. import services
from ..content import library
from ..forms import MassagerForm, SessionLogForm, SessionTimesForm
from ..models import Massager, MassageSession
from .guided import pick_baby

SESSIONS_SHOWN = 100


def _log_context(form: SessionLogForm) -> dict[str, object]:
    lib = library()
    typed = form["oil"].value() or ""
    return {
        "form": form,
        "engagement_ids": {c.id for c in lib.cues.engagement},
        "wand_guidance": lib.wand_guidance,
        "has_device": bool(form.devices),
        "oil_advice": lib.oil_advice,
        "oils": lib.oils,
        "typed_oil": lib.oil(str(typed)),
    }


def _saved(request: FamilyRequest, session: MassageSession, done: str) -> HttpResponse:
    """Back to the list, or, when the session raises a safety warning, a page that shows it.

    The session is saved either way: a log records what happened, it is not a prescription.
    """
    warnings = most_urgent_first(services.wand_warnings(session))
    if not warnings:
        messages.success(request, done)
        return redirect("massage:sessions")
    return render(
        request,
        "massage/saved.html",
        {"session": session, "done": done, "warnings": warnings},
    )


@family_required
def log_session(request: FamilyRequest, pk: int) -> HttpResponse:
    """The ~20-second log after the player; the server's clock already measured the time."""
    session = get_scoped_or_404(MassageSession, request.family, pk=pk)
    form = SessionLogForm(request.POST or None, instance=session, family=request.family)
    if request.method == "POST" and form.is_valid():
        if session.is_running:
            services.finish_session(session, session.steps_completed)
        return _saved(request, services.save_session(form.save(commit=False)), _("Session saved."))
    context = _log_context(form)
    context.update(
        session=session,
        routine=services.routine_of(session),
        total_steps=len(services.session_steps(session)),
    )
    return render(request, "massage/log.html", context)


@family_required
def log_afterwards(request: FamilyRequest) -> HttpResponse:
    baby = pick_baby(request)
    if baby is None:
        messages.info(request, _("Add your baby first, then log a massage."))
        return redirect("babies:add")
    start = timezone.localtime().replace(second=0, microsecond=0) - timedelta(minutes=15)
    session = MassageSession(created_by=request.user)
    form = SessionTimesForm(
        request.POST or None,
        instance=session,
        family=request.family,
        initial={"baby": baby, "started_at": start, "duration_minutes": 10},
    )
    if request.method == "POST" and form.is_valid():
        return _saved(request, services.save_session(form.save(commit=False)), _("Massage logged."))
    context = _log_context(form)
    context.update(adding=True)
    return render(request, "massage/log_times.html", context)


@family_required
def edit_session(request: FamilyRequest, pk: int) -> HttpResponse:
    session = get_scoped_or_404(MassageSession, request.family, pk=pk)
    if session.is_running:
        return redirect("massage:play", pk=session.pk)
    form = SessionTimesForm(request.POST or None, instance=session, family=request.family)
    if request.method == "POST" and form.is_valid():
        return _saved(request, services.save_session(form.save(commit=False)), _("Saved."))
    context = _log_context(form)
    context.update(session=session)
    return render(request, "massage/log_times.html", context)


@family_required
def delete_session(request: FamilyRequest, pk: int) -> HttpResponse:
    session = get_scoped_or_404(MassageSession, request.family, pk=pk)
    if request.method == "POST":
        session.delete()
        messages.success(request, _("Session deleted."))
        return redirect("massage:sessions")
    return render(
        request,
        "massage/confirm_delete.html",
        {"session": session, "routine": services.routine_of(session)},
    )


@family_required
def sessions(request: FamilyRequest) -> HttpResponse:
    rows = list(scoped(MassageSession, request.family).select_related("baby")[:SESSIONS_SHOWN])
    lib = library()
    titles = {r.slug: r.title for r in lib.routines}
    return render(
        request,
        "massage/sessions.html",
        {
            "rows": [
                (s, titles.get(s.routine_slug, s.routine_slug or _("Free massage"))) for s in rows
            ],
        },
    )


@family_required
def device(request: FamilyRequest) -> HttpResponse:
    """Configure the family's wand: its heads and levels are the family's, never assumed."""
    current = scoped(Massager, request.family).first()
    instance = current or Massager(family=request.family, vibration_levels=["off", "low"])
    form = MassagerForm(request.POST or None, initial=MassagerForm.initial_for(instance))
    if request.method == "POST" and form.is_valid():
        form.apply(instance)
        instance.full_clean()
        instance.save()
        messages.success(request, _("Device saved."))
        return redirect("massage:device")
    return render(
        request,
        "massage/device.html",
        {
            "form": form,
            "device": current,
            "wand_guidance": library().wand_guidance,
        },
    )
