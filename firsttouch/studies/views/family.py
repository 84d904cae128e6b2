"""The caregiver's study pages: invitations she may accept, and the studies she takes part in.

She decides herself: she answers the eligibility questions and reads the study's consent text;
her agreement runs the enrolment (``services.enrol_caregiver``), and only then is she
allocated. She then sees her participant code and her arm's instructions: in a behavioural
trial (massage against a support group) the participant cannot be blinded to what she does.
While a time point's window is open she also sees each questionnaire it asks for that she has
not done there yet, with a link to start it (``followup.open_questionnaires``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.wellbeing.services import EPDS

from .. import followup, services
from ..forms import AgreeForm
from ..instruments import instrument_name
from ..models import Participant, StudyInvitation


def _own_invitation(request: FamilyRequest, invitation_id: int) -> StudyInvitation:
    """Her open invitation, or 404: nobody else's is reachable, not even her partner's."""
    found = (
        StudyInvitation.objects.select_related("study", "study__organisation")
        .filter(pk=invitation_id, caregiver=request.user, closed_at=None)
        .first()
    )
    if found is None:
        raise Http404("No such invitation.")
    return found


@dataclass(frozen=True)
class DueLink:
    """ "Due now: <questionnaire> — start", with the day its window closes."""

    name: str
    point_label: str
    closes: date
    url: str


def _due_links(participant: Participant, today: date) -> list[DueLink]:
    links = []
    for due in followup.open_questionnaires(participant, today):
        if due.instrument_id == EPDS:
            url = reverse("wellbeing:epds")
        else:
            url = reverse("wellbeing:instrument", args=[due.instrument_id])
        links.append(DueLink(instrument_name(due.instrument_id), due.point.label, due.closes, url))
    return links


@family_required
@require_http_methods(["GET", "HEAD"])
def studies(request: FamilyRequest) -> HttpResponse:
    today = timezone.localdate()
    participations = list(
        Participant.objects.filter(caregiver=request.user)
        .select_related("study", "arm", "study__organisation")
        .prefetch_related("assessments")
        .order_by("enrolled_at")
    )
    return render(
        request,
        "studies/studies.html",
        {
            "invitations": services.open_invitations(request.user),
            "participations": [(p, _due_links(p, today)) for p in participations],
        },
    )


@family_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: FamilyRequest, invitation_id: int) -> HttpResponse:
    found = _own_invitation(request, invitation_id)
    study = found.study
    form = AgreeForm(request.POST or None, study=study)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.enrol_caregiver(
                    study,
                    request.user,
                    form.answers(),
                    found.stratum_values,
                    form.cleaned_data["version"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, f"Thank you: you are taking part in {study.title}.")
                return redirect("studies:studies")
    return render(
        request,
        "studies/invitation.html",
        {"invitation": found, "study": study, "form": form},
        status=status,
    )


@require_POST
@family_required
def decline(request: FamilyRequest, invitation_id: int) -> HttpResponse:
    services.decline(_own_invitation(request, invitation_id))
    messages.success(request, gettext("You declined the invitation. Nothing about you was added."))
    return redirect("studies:studies")
