"""Staff pages of studies (mounted at /staff/<org_id>/studies/): researchers and org admins.

Concealment: no page here is handed the seed or anything that computes an allocation; a page
shows an arm only for a participant already enrolled, and per-arm counts only once the study
is closed (while it recruits, counts per arm within a stratum would help guess the end of a
block). Pages that name participants by code only write no access-log row; the participant
page, which names her, writes exactly one per view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from firsttouch.accounts.models import Family, User
from firsttouch.programs import audit
from firsttouch.programs.guards import StaffRequest, organisation_staff

from .. import access, followup, report, services
from .. import exports as study_exports
from ..forms import DeviationForm, ExportForm, InviteForm, WithdrawForm
from ..models import Participant, Study

P = ParamSpec("P")


def study_staff(
    view: Callable[Concatenate[StaffRequest, P], HttpResponse],
) -> Callable[..., HttpResponse]:
    """``organisation_staff``, then a 404 for roles that do not run studies."""

    @organisation_staff
    @wraps(view)
    def wrapper(request: StaffRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not access.runs_studies(request.staff):
            raise Http404("Nothing here.")
        return view(request, *args, **kwargs)

    return wrapper


def _study(request: StaffRequest, study_id: int) -> Study:
    return get_object_or_404(Study, pk=study_id, organisation=request.staff.organisation)


def _participant(request: StaffRequest, study: Study, participant_id: int) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("arm", "caregiver"), pk=participant_id, study=study
    )


@study_staff
@require_safe
def index(request: StaffRequest, org_id: int) -> HttpResponse:
    studies = Study.objects.filter(organisation=request.staff.organisation).order_by("title")
    return render(
        request,
        "studies/staff/index.html",
        {"organisation": request.staff.organisation, "studies": studies},
    )


def _study_page(
    request: StaffRequest, study: Study, form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "studies/staff/study.html",
        {
            "organisation": request.staff.organisation,
            "study": study,
            "arms": study.arms.order_by("name"),
            "points": study.time_points() if study.schedule else (),
            "enrolled": study.participants.count(),
            "arm_counts": access.arm_counts(study),
            "participants": study.participants.order_by("code"),
            "form": form or InviteForm(study=study),
        },
        status=status,
    )


@study_staff
@require_safe
def study(request: StaffRequest, org_id: int, study_id: int) -> HttpResponse:
    return _study_page(request, _study(request, study_id))


@study_staff
@require_POST
def invite(request: StaffRequest, org_id: int, study_id: int) -> HttpResponse:
    """Invite a caregiver who shares with the organisation; bad input is a 422, nothing saved."""
    found = _study(request, study_id)
    form = InviteForm(request.POST, study=found)
    if form.is_valid():
        caregiver = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        try:
            if caregiver is None:
                raise ValidationError(
                    gettext(
                        "Nobody with that address shares with this organisation. Ask her to join "
                        "with the organisation's code first."
                    )
                )
            services.invite(found, caregiver, form.stratum_values(), request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request, gettext("Invitation made: she will see it on her studies page.")
            )
            return redirect("studies_staff:study", org_id=org_id, study_id=found.pk)
    return _study_page(request, found, form, status=422)


@study_staff
@require_http_methods(["GET", "HEAD", "POST"])
def exports(request: StaffRequest, org_id: int, study_id: int) -> HttpResponse:
    """The export form and history; a valid POST downloads the export (recorded by
    ``exports.export_study``). An identifiable export without a reason is a 422, nothing
    written."""
    found = _study(request, study_id)
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                made = study_exports.export_study(
                    found,
                    fmt=form.cleaned_data["format"],
                    exported_by=request.user,
                    organisation=request.staff.organisation,
                    shift_dates=form.cleaned_data["shift_dates"],
                    identifiable=form.cleaned_data["identifiable"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                response = HttpResponse(made.content, content_type=made.content_type)
                response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
                response["Cache-Control"] = "no-store"
                return response
        status = 422
    else:
        status = 200
    return render(
        request,
        "studies/staff/exports.html",
        {
            "organisation": request.staff.organisation,
            "study": found,
            "form": form,
            "history": found.exports.select_related("exported_by"),
        },
        status=status,
    )


@study_staff
@require_safe
def completeness(request: StaffRequest, org_id: int, study_id: int) -> HttpResponse:
    found = _study(request, study_id)
    rows = followup.completeness(found, timezone.localdate()) if found.schedule else []
    return render(
        request,
        "studies/staff/completeness.html",
        {"organisation": request.staff.organisation, "study": found, "rows": rows},
    )


@study_staff
@require_safe
def analysis(request: StaffRequest, org_id: int, study_id: int) -> HttpResponse:
    """The analysis report: codes and counts only, so no access-log row; totals only while
    the study recruits (``report.report_for``, which runs the analysis once)."""
    found = _study(request, study_id)
    return render(
        request,
        "studies/staff/analysis.html",
        {
            "organisation": request.staff.organisation,
            "study": found,
            "report": report.report_for(found, timezone.localdate()),
        },
    )


@study_staff
@require_safe
def analysis_pdf(request: StaffRequest, org_id: int, study_id: int) -> HttpResponse:
    """The analysis report as a PDF download; none while the study recruits (a 404, as the
    page then says), because the PDF is the report with its counts per arm."""
    # Imported here, not at start-up: fpdf2 is heavy (tests/test_startup_imports.py).
    from ..report_pdf import disposition, render_report

    found = _study(request, study_id)
    if not access.shows_arms(found):
        raise Http404("The analysis report is available once recruitment closes.")
    now = timezone.localtime()
    response = HttpResponse(
        render_report(report.report_for(found, now.date()), now), content_type="application/pdf"
    )
    response["Content-Disposition"] = disposition(found, now.date())
    response["Cache-Control"] = "no-store"
    return response


def _participant_page(
    request: StaffRequest,
    study: Study,
    participant: Participant,
    withdraw_form: WithdrawForm | None = None,
    deviation_form: DeviationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """Her page names her: one access-log row per view (the family id may outlive the family,
    like the log's own, so a bare instance carries it)."""
    if participant.family_id is not None:
        audit.record_access(
            staff=request.user,
            organisation=request.staff.organisation,
            family=Family(pk=participant.family_id),
            categories={access.STUDY_CATEGORY},
            what=f"study participant {participant.code}",
            why="study follow-up",
        )
    return render(
        request,
        "studies/staff/participant.html",
        {
            "organisation": request.staff.organisation,
            "study": study,
            "participant": participant,
            "statuses": followup.statuses(participant, timezone.localdate()),
            "deviations": participant.deviations.select_related("recorded_by"),
            "withdraw_form": withdraw_form or WithdrawForm(),
            "deviation_form": deviation_form or DeviationForm(study=study),
        },
        status=status,
    )


@study_staff
@require_safe
def participant(
    request: StaffRequest, org_id: int, study_id: int, participant_id: int
) -> HttpResponse:
    found = _study(request, study_id)
    return _participant_page(request, found, _participant(request, found, participant_id))


@study_staff
@require_POST
def withdraw(
    request: StaffRequest, org_id: int, study_id: int, participant_id: int
) -> HttpResponse:
    found = _study(request, study_id)
    person = _participant(request, found, participant_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(
                person,
                keeps_data=form.cleaned_data["keep_data"] == "yes",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"{person.code} is withdrawn.")
            return redirect(
                "studies_staff:participant",
                org_id=org_id,
                study_id=found.pk,
                participant_id=person.pk,
            )
    return _participant_page(request, found, person, withdraw_form=form, status=422)


@study_staff
@require_POST
def deviation(
    request: StaffRequest, org_id: int, study_id: int, participant_id: int
) -> HttpResponse:
    found = _study(request, study_id)
    person = _participant(request, found, participant_id)
    form = DeviationForm(request.POST, study=found)
    if form.is_valid():
        try:
            followup.record_deviation(
                person,
                form.cleaned_data["description"],
                request.user,
                form.cleaned_data["time_point"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, gettext("Deviation recorded."))
            return redirect(
                "studies_staff:participant",
                org_id=org_id,
                study_id=found.pk,
                participant_id=person.pk,
            )
    return _participant_page(request, found, person, deviation_form=form, status=422)
