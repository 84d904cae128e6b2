"""The mother's screening pages: overview, the EPDS form, her result, and her history.

Every page that shows a score also says where to get help (``help``), and the result page puts
the safety block before the score whenever item 10 was not answered "Never". A screening is
hers: other caregivers reach it only when she shares it, another family never (404 both).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from firsttouch.accounts.roles import for_mothers, is_mother
from firsttouch.core.charts import trend_chart
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import scoped

from .. import preferences, services
from ..instruments import epds
from ..models import Response, Status
from ..safety import SafetyResponse, help_for, safety_for
from ..scoring import EPDS_ANXIETY, Thresholds
from .instruments import handle_form, other_instruments


def _drafts(request: FamilyRequest) -> Any:
    return (
        scoped(Response, request.family)
        .filter(respondent=request.user, instrument_id=services.EPDS, status=Status.DRAFT)
        .order_by("-updated_at", "-pk")
    )


def _own(request: FamilyRequest, response_id: int) -> Response:
    """Her own response, or 404 (a partner's shared view is read-only)."""
    found = scoped(Response, request.family).filter(pk=response_id, respondent=request.user).first()
    if found is None:
        raise Http404("No such check.")
    return found


def _visible(request: FamilyRequest, response_id: int) -> Response:
    found = services.visible_responses(request.user, request.family).filter(pk=response_id)
    response: Response | None = found.first()
    if response is None:
        raise Http404("No such check.")
    return response


def bands_text(limits: Thresholds | None = None) -> dict[str, dict[str, str]]:
    """What each band means, with the deployment's thresholds in the numbers, in the page's
    language."""
    t = limits or Thresholds.from_settings()
    return {
        "below": {
            "range": gettext("%(low)s to %(high)s") % {"low": 0, "high": t.possible - 1},
            "title": gettext("Below the usual screening threshold"),
            "next": gettext(
                "You can take the check again whenever you like. If something is "
                "troubling you, talk to your doctor, midwife or health visitor whatever "
                "the score."
            ),
        },
        "possible": {
            "range": gettext("%(low)s to %(high)s") % {"low": t.possible, "high": t.probable - 1},
            "title": gettext("Possible depression"),
            "next": gettext(
                "Take the check again in 2 to 4 weeks, and talk to your doctor, midwife or "
                "health visitor about how you have been feeling."
            ),
        },
        "probable": {
            "range": gettext("%(low)s or more") % {"low": t.probable},
            "title": gettext("Probable depression"),
            "next": gettext(
                "We recommend a clinical assessment soon: contact your doctor, midwife or "
                "health visitor and show them this result."
            ),
        },
    }


def overview_safety(latest: Response | None, draft: Response | None) -> SafetyResponse | None:
    """The safety response for the overview: from her unfinished check when it already calls
    for it, else from her latest finished one; None when neither had item 10 above 0."""
    for response in (draft, latest):
        found = safety_for(response) if response is not None else None
        if found is not None:
            return found
    return None


@family_required
def overview(request: FamilyRequest) -> HttpResponse:
    history = services.history(request.user)
    latest = history[-1] if history else None
    shared_with_me = [
        r
        for r in services.visible_responses(request.user, request.family)
        .filter(status=Status.COMPLETE)
        .exclude(respondent=request.user)
        .select_related("respondent")[:10]
    ]
    draft = _drafts(request).first()
    return render(
        request,
        "wellbeing/overview.html",
        {
            "instrument": epds(get_language()),
            # The crisis help comes first when her last check (or the one she is still
            # answering) had item 10 above "Never": the same block as on the result page.
            "safety": overview_safety(latest, draft),
            "latest": latest,
            "latest_band": bands_text().get(latest.band) if latest else None,
            "count": len(history),
            "draft": draft,
            "shared_with_me": shared_with_me,
            "help": help_for(request.user),
            # Other questionnaires (a clinic's bonding instrument): views/instruments.py
            "questionnaires": other_instruments(),
            # The EPDS and breast massage are the mother's; another caregiver's page leads
            # with their own mood and self-care (accounts.roles).
            "mother": is_mother(request.user),
        },
    )


@family_required
@for_mothers
def epds_form(request: FamilyRequest) -> HttpResponse:
    draft = _drafts(request).first()
    # A check started keeps the language version it was started in; a new one is in the
    # page's language only when a validated translation is bundled, else in English
    # (docs/decisions/0023-epds-languages.md).
    instrument = (draft.instrument() if draft is not None else None) or epds(get_language())
    done = handle_form(request, instrument, draft, "wellbeing/epds.html")
    if isinstance(done, HttpResponse):
        return done
    return redirect("wellbeing:result", response_id=done.pk)


@family_required
def result(request: FamilyRequest, response_id: int) -> HttpResponse:
    response = _visible(request, response_id)
    if not response.is_complete:
        return redirect("wellbeing:epds")
    own = response.respondent_id == request.user.pk
    flags = response.flags or {}
    return render(
        request,
        "wellbeing/result.html",
        {
            "response": response,
            "own": own,
            "instrument": response.instrument(),
            "safety": safety_for(response),
            "band": bands_text().get(response.band),
            "anxiety": flags.get("anxiety", False),
            "anxiety_score": (response.subscales or {}).get(EPDS_ANXIETY),
            "rise": flags.get("rise", False),
            "rise_by": flags.get("rise_by"),
            "help": help_for(request.user),
        },
    )


@require_POST
@family_required
def share(request: FamilyRequest, response_id: int) -> HttpResponse:
    response = _own(request, response_id)
    shared = request.POST.get("shared") == "1"
    services.set_shared(response, shared)
    messages.success(
        request,
        gettext("Shared with your family's other caregivers.")
        if shared
        else gettext("Only you can see this check now."),
    )
    return redirect("wellbeing:result", response_id=response.pk)


@family_required
def history(request: FamilyRequest) -> HttpResponse:
    rows = services.history(request.user)
    limits = Thresholds.from_settings()
    texts = bands_text(limits)
    chart = None
    if rows:
        instrument = epds()
        chart = trend_chart(
            [
                (date_format(r.completed_at or r.started_at, "d M"), float(r.total or 0))
                for r in rows[-12:]
            ],
            chart_id="epds-trend",
            title=gettext("Your EPDS scores over time"),
            max_value=float(instrument.max_score),
            bands=[
                (0, limits.possible, "band-below", texts["below"]["title"].lower()),
                (
                    limits.possible,
                    limits.probable,
                    "band-possible",
                    texts["possible"]["title"].lower(),
                ),
                (
                    limits.probable,
                    instrument.max_score + 1,
                    "band-probable",
                    texts["probable"]["title"].lower(),
                ),
            ],
            fmt=lambda v: f"{v:.0f}",
            spoken_labels=[
                date_format(r.completed_at or r.started_at, "d F Y") for r in rows[-12:]
            ],
        )
    return render(
        request,
        "wellbeing/history.html",
        {
            "rows": [(r, texts.get(r.band, {}).get("title", "")) for r in reversed(rows)],
            "chart": chart,
            "bands": texts,
            "share_all": preferences.settings_for(request.user).share_screenings_with_family,
            "help": help_for(request.user),
        },
    )


@require_POST
@family_required
def share_all(request: FamilyRequest) -> HttpResponse:
    shared = request.POST.get("shared") == "1"
    preferences.set_family_sharing(request.user, shared)
    messages.success(
        request,
        gettext("Your checks are shared with your family's other caregivers.")
        if shared
        else gettext("Only you can see your checks now."),
    )
    return redirect("wellbeing:history")
