"""Pages for any questionnaire other than the EPDS: a clinic's bonding instrument, say.

The EPDS has its own pages (bands, anxiety subscale, trend chart) because its published sources say
how to read it. An imported instrument carries items, scores and subscales but no reading of
its own, so these pages show the numbers neutrally and send her to the clinic that gave it for
what they mean: we never invent an interpretation. The same engine (``services``) does the
drafts, scoring and safety alerts, and the same privacy rule applies: a response is hers,
other caregivers see it only once it is complete and shared, another family never (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import scoped

from .. import services
from ..forms import QuestionnaireForm
from ..instruments import Instrument, base_language, instruments
from ..models import Response, Status
from ..safety import country_for, help_for, safety_for, safety_response


@dataclass(frozen=True)
class SubscaleLine:
    """One subscale on the result page: its title, score and the most it could be."""

    title: str
    score: int
    max_score: int


SAVE_DRAFT = "save_draft"
"""A POST field: keep the answers so far as her draft, and never finish the check."""


def other_instruments() -> list[Instrument]:
    """Every instrument she can take on these pages: all but the EPDS, newest versions."""
    return [i for i in instruments().all() if i.id != services.EPDS]


def _instrument(instrument_id: str) -> Instrument:
    found = instruments().get(instrument_id)
    if found is None:
        raise Http404("No such questionnaire.")
    return found


def _draft(request: FamilyRequest, instrument: Instrument) -> Response | None:
    found: Response | None = (
        scoped(Response, request.family)
        .filter(respondent=request.user, instrument_id=instrument.id, status=Status.DRAFT)
        .order_by("-updated_at", "-pk")
        .first()
    )
    return found


def _visible(request: FamilyRequest, instrument_id: str, response_id: int) -> Response:
    found: Response | None = (
        services.visible_responses(request.user, request.family)
        .filter(pk=response_id, instrument_id=instrument_id)
        .first()
    )
    if found is None:
        raise Http404("No such result.")
    return found


def subscale_lines(instrument: Instrument, response: Response) -> list[SubscaleLine]:
    """The subscales in the instrument's order, each with the highest score it can reach."""
    scores = response.subscales or {}
    lines = []
    for sub in instrument.subscales:
        top = sum(item.max_score for x in sub.items if (item := instrument.item(x)) is not None)
        lines.append(SubscaleLine(sub.title, int(scores.get(sub.id, 0)), top))
    return lines


def form_page(
    request: FamilyRequest,
    instrument: Instrument,
    form: QuestionnaireForm,
    *,
    template: str,
    draft: Response | None,
    missing: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The questionnaire form (the EPDS has its own template, same context)."""
    safety = safety_for(draft) if draft is not None else None
    return render(
        request,
        template,
        {
            "instrument": instrument,
            "questions": form.questions(
                set(missing or []), draft.chosen() if draft is not None else None
            ),
            "form": form,
            "draft": draft,
            "missing": missing or [],
            "safety": safety,
            "has_safety_items": bool(instrument.safety_ids),
            # Shown in its original language because no validated translation into the
            # page's language is bundled (docs/decisions/0023-epds-languages.md).
            "not_translated": base_language(instrument.language) != base_language(get_language()),
            # Rendered hidden on every form so it can be shown the moment a safety item is
            # answered, before anything is sent (epds.js); shown by the server when a draft
            # already has it.
            "safety_preview": safety or safety_response(1, country_for(request.user)),
            "help": help_for(request.user),
        },
        status=status,
    )


def handle_form(
    request: FamilyRequest, instrument: Instrument, draft: Response | None, template: str
) -> HttpResponse | Response:
    """The questionnaire form's GET and POST, shared by the EPDS and every other instrument.

    Returns the page to show (the form, with errors or the questions still open) or, once
    every required item is answered, the completed and scored ``Response``.
    """
    if request.method != "POST":
        form = QuestionnaireForm(instrument, saved=draft.chosen() if draft else {})
        return form_page(request, instrument, form, template=template, draft=draft)
    form = QuestionnaireForm(instrument, request.POST)
    if not form.is_valid():
        return form_page(request, instrument, form, template=template, draft=draft, status=400)
    answers = form.answers()
    if request.POST.get(SAVE_DRAFT) == "1":
        # epds.js saves the draft the moment a safety item is answered, so the urgent alert
        # is raised even if she closes the page before pressing the button. Never completes.
        if answers:
            services.save_progress(request.user, request.family, instrument, draft, answers)
        return HttpResponse(status=204)
    if not answers and draft is None:
        form.add_error(None, gettext("Choose an answer for each question, then press the button."))
        return form_page(request, instrument, form, template=template, draft=None, status=400)
    draft, missing = services.save_progress(
        request.user, request.family, instrument, draft, answers
    )
    if missing:
        return form_page(request, instrument, form, template=template, draft=draft, missing=missing)
    return services.complete(draft)


@family_required
def take(request: FamilyRequest, instrument_id: str) -> HttpResponse:
    """The questionnaire form: a partial submission is kept as a draft, never scored."""
    if instrument_id == services.EPDS:
        return render(request, "wellbeing/instrument_epds.html", {})
    instrument = _instrument(instrument_id)
    done = handle_form(
        request, instrument, _draft(request, instrument), "wellbeing/instrument_form.html"
    )
    if isinstance(done, HttpResponse):
        return done
    return redirect("wellbeing:instrument_result", instrument_id=instrument.id, response_id=done.pk)


@family_required
def result(request: FamilyRequest, instrument_id: str, response_id: int) -> HttpResponse:
    response = _visible(request, instrument_id, response_id)
    if not response.is_complete:  # only her own drafts get here: back to the form
        return redirect("wellbeing:instrument", instrument_id=instrument_id)
    instrument = services.instrument_of(response)
    own = response.respondent_id == request.user.pk
    earlier = (
        [r for r in services.history(request.user, instrument.id) if r.pk != response.pk]
        if own
        else []
    )
    return render(
        request,
        "wellbeing/instrument_result.html",
        {
            "response": response,
            "instrument": instrument,
            "own": own,
            "subscales": subscale_lines(instrument, response),
            "earlier": list(reversed(earlier)),
            "safety": safety_for(response),
            "help": help_for(request.user),
        },
    )


@family_required
def history(request: FamilyRequest, instrument_id: str) -> HttpResponse:
    """Her own finished responses to one instrument, newest first."""
    instrument = _instrument(instrument_id)
    if instrument.id == services.EPDS:
        return redirect("wellbeing:history")
    rows = list(reversed(services.history(request.user, instrument.id)))
    return render(
        request,
        "wellbeing/instrument_history.html",
        {
            "instrument": instrument,
            "rows": [(r, subscale_lines(instrument, r)) for r in rows],
            "draft": _draft(request, instrument),
            "help": help_for(request.user),
        },
    )


@require_POST
@family_required
def share(request: FamilyRequest, instrument_id: str, response_id: int) -> HttpResponse:
    found = (
        scoped(Response, request.family)
        .filter(pk=response_id, instrument_id=instrument_id, respondent=request.user)
        .first()
    )
    if found is None:
        raise Http404("No such result.")
    shared = request.POST.get("shared") == "1"
    services.set_shared(found, shared)
    messages.success(
        request,
        gettext("Shared with your family's other caregivers.")
        if shared
        else gettext("Only you can see this result now."),
    )
    return redirect(reverse("wellbeing:instrument_result", args=[instrument_id, found.pk]))
