"""Library, routine detail, the safety check and the guided player. Session logging, the
session list and the device page live in log.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from firsttouch.babies.models import Baby
from firsttouch.babies.services import is_preterm
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404, scoped

from .. import services
from ..content import GOAL_LABELS, Routine, goal_label, library, pressure_label, region_label
from ..forms import FinishForm, SafetyCheckForm, StopEarlyForm
from ..models import MassageSession, Tool


def pick_baby(request: FamilyRequest) -> Baby | None:
    """The baby chosen with ?baby=<id>, or the family's first baby."""
    babies = scoped(Baby, request.family)
    wanted = request.GET.get("baby", "")
    if wanted.isdigit():
        found = babies.filter(pk=int(wanted)).first()
        if found is not None:
            return found
    return babies.first()


def get_routine_or_404(slug: str) -> Routine:
    routine = library().get(slug)
    if routine is None:
        raise Http404("No such routine.")
    return routine


@family_required
def library_page(request: FamilyRequest) -> HttpResponse:
    lib = library()
    baby = pick_baby(request)
    goal = request.GET.get("goal")
    if goal not in GOAL_LABELS:
        goal = None
    suggested = services.suggest_routines(baby, goal) if baby else []
    others = [
        r for r in lib.routines if r not in suggested and (goal is None or goal in r.purposes)
    ]
    running = (
        scoped(MassageSession, request.family).filter(ended_at__isnull=True).select_related("baby")
    )
    return render(
        request,
        "massage/library.html",
        {
            "baby": baby,
            "babies": scoped(Baby, request.family),
            "goal": goal,
            "goals": [(g, goal_label(g)) for g in GOAL_LABELS if g != "preterm"],
            "suggested": suggested,
            "running": [(s, services.routine_of(s)) for s in running],
            # The bedtime sentence only when the bedtime routine is the one shown first.
            "near_bedtime": bool(
                baby
                and suggested
                and suggested[0].slug == services.BEDTIME_ROUTINE
                and services.is_near_bedtime(baby)
            ),
            "others": [(r, services.age_fit(r, baby) if baby else None) for r in others],
        },
    )


@family_required
def routine_detail(request: FamilyRequest, slug: str) -> HttpResponse:
    routine = get_routine_or_404(slug)
    baby = pick_baby(request)
    return render(
        request,
        "massage/routine.html",
        {
            "routine": routine,
            "baby": baby,
            "cues": library().cues,
            "phases": _steps_by_phase(routine),
            "oil_advice": library().oil_advice,
            "not_for_baby": services.not_for_this_baby(routine, baby) if baby else None,
            **_age_context(routine, baby),
        },
    )


def _age_context(routine: Routine, baby: Baby | None) -> dict[str, Any]:
    """Whether the routine fits the baby's corrected age, and one that fits now if not."""
    if baby is None:
        return {"age_fit": None, "fits_now": None}
    fit = services.age_fit(routine, baby)
    fits_now = None
    if not fit.fits:
        fits_now = next(iter(services.suggest_routines(baby)), None)
    return {"age_fit": fit, "fits_now": fits_now}


def _steps_by_phase(routine: Routine) -> list[tuple[str, list[Any]]]:
    if not routine.phases:
        return [("", list(routine.steps))]
    return [(p.title, [s for s in routine.steps if s.phase == p.id]) for p in routine.phases]


@family_required
def start(request: FamilyRequest, slug: str) -> HttpResponse:
    """The safety check; a refusal is a calm page that explains why and what to do instead."""
    routine = get_routine_or_404(slug)
    baby = pick_baby(request)
    if baby is None:
        messages.info(request, _("Add your baby first, then come back to start a massage."))
        return redirect("babies:add")
    if request.method != "POST":
        fit = services.age_fit(routine, baby)
        if not fit.fits:
            return _not_today(request, routine, baby, services.SafetyResult(False, [fit.message]))
    form = SafetyCheckForm(routine, request.family, request.POST or None, initial={"baby": baby})
    if request.method == "POST" and form.is_valid():
        chosen: Baby = form.cleaned_data["baby"]
        refusal = services.not_for_this_baby(routine, chosen)
        fit = services.age_fit(routine, chosen)
        result = services.evaluate_safety(routine, form.answers())
        if refusal is None and not fit.fits:
            refusal = fit.message
        if refusal is not None:
            result = services.SafetyResult(False, [refusal], urgent=result.urgent)
        if not result.allowed:
            return _not_today(request, routine, chosen, result)
        session = services.start_session(
            chosen, routine, result, request.user, tool=form.cleaned_data["tool"] or Tool.HANDS
        )
        for reason in result.reasons:
            messages.info(request, reason)
        return redirect("massage:play", pk=session.pk)
    lib = library()
    return render(
        request,
        "massage/start.html",
        {
            "routine": routine,
            "form": form,
            "wand_guidance": lib.wand_guidance,
            "oil_advice": lib.oil_advice,
        },
    )


def _not_today(
    request: FamilyRequest, routine: Routine, baby: Baby, result: services.SafetyResult
) -> HttpResponse:
    """The calm refusal page; a routine outside the baby's age suggests one that fits now."""
    context: dict[str, Any] = {"routine": routine, "baby": baby, "result": result}
    context.update(_age_context(routine, baby))
    return render(request, "massage/not_today.html", context)


def _player_steps(session: MassageSession, routine: Routine) -> list[dict[str, Any]]:
    steps = services.session_steps(session)
    out = []
    for step in steps:
        phase = routine.phase(step.phase)
        out.append(
            {
                "region": step.region_label,
                "stroke": step.stroke,
                "how": step.how,
                "repetitions": step.repetitions,
                "seconds": step.seconds,
                "pace": step.pace_per_minute,
                "pressure": pressure_label(step.pressure),
                "avoid": step.avoid,
                "phase": phase.title if phase else "",
                "picture": step.picture,
            }
        )
    return out


@family_required
def play(request: FamilyRequest, pk: int) -> HttpResponse:
    session = get_scoped_or_404(MassageSession, request.family, pk=pk)
    if not session.is_running:
        return redirect("massage:log_session", pk=session.pk)
    if not services.is_resumable(session):
        messages.info(
            request,
            _("This massage started a while ago, so we won't pick it up again. Log how it went."),
        )
        return redirect("massage:log_session", pk=session.pk)
    routine = services.routine_of(session)
    steps = _player_steps(session, routine) if routine else []
    if routine is None or not steps:
        messages.info(
            request, _("This routine has no steps to guide any more; log the session here.")
        )
        return redirect("massage:log_session", pk=session.pk)
    lib = library()
    return render(
        request,
        "massage/play.html",
        {
            "session": session,
            "routine": routine,
            "steps": steps,
            "first": steps[0],
            # Each distinct picture is drawn once; the player shows the current step's.
            "pictures": list(dict.fromkeys(s["picture"] for s in steps)),
            "cues": lib.cues,
            "stop_form": StopEarlyForm(preterm=is_preterm(session.baby.gestational_weeks)),
            "stop_signs": lib.cues.stop_signs.cues,
            "stop_advice": lib.cues.stop_advice(is_preterm(session.baby.gestational_weeks)),
            "skipped": [region_label(r).lower() for r in session.skipped_regions],
            "wand_guidance": lib.wand_guidance,
        },
    )


@require_POST
@family_required
def finish(request: FamilyRequest, pk: int) -> HttpResponse:
    session = get_scoped_or_404(MassageSession, request.family, pk=pk)
    form = FinishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That did not save. Tap Finish again."))
        return redirect("massage:play", pk=session.pk)
    services.finish_session(session, form.cleaned_data["steps_completed"])
    return redirect("massage:log_session", pk=session.pk)


@require_POST
@family_required
def stop(request: FamilyRequest, pk: int) -> HttpResponse:
    session = get_scoped_or_404(MassageSession, request.family, pk=pk)
    form = StopEarlyForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("That did not save. Keep the reason under 150 characters and tap End session again."),
        )
        return redirect("massage:play", pk=session.pk)
    services.stop_early(
        session,
        form.cleaned_data["steps_completed"],
        form.cleaned_data["cues"],
        form.cleaned_data["note"],
    )
    advice = services.stop_advice(session)
    if advice:
        return render(
            request,
            "massage/safety_stop.html",
            {
                "session": session,
                "advice": advice,
                "signs": [library().cues.label(c) for c in services.stop_signs_seen(session)],
            },
        )
    messages.info(
        request,
        _(
            "Stopping when your baby has had enough is the right call. "
            "A short session still counts."
        ),
    )
    return redirect("massage:log_session", pk=session.pk)
