"""The staff side: the staff home, inviting staff, a family's consented summary, the log."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import audit, staff
from ..forms import StaffInviteForm
from ..guards import (
    StaffRequest,
    family_for_staff,
    log_family_read,
    organisation_staff,
    staff_required,
)
from ..summary import family_summary


@staff_required
def home(request: StaffRequest) -> HttpResponse:
    """The organisations she is staff of, with the invitation form where she is an admin."""
    return render(
        request,
        "programs/staff/home.html",
        {
            "memberships": staff.memberships(request.user),
            "invite_form": StaffInviteForm(),
            "tokens": staff.api_tokens(request.user),
        },
    )


@staff_required
@require_POST
def revoke_token(request: StaffRequest, token_id: int) -> HttpResponse:
    """Revoke one of her own API tokens; someone else's is a 404 and stays as it was."""
    token = staff.revoke_api_token(request.user, token_id)
    if token is None:
        raise Http404("No such token.")
    messages.success(
        request,
        _("Token %(prefix)s… revoked: programs using it can no longer connect.")
        % {"prefix": token.prefix},
    )
    return redirect("staff:home")


@organisation_staff  # first: another organisation's staff get a 404 whatever the method
@require_POST
def invite(request: StaffRequest, org_id: int) -> HttpResponse:
    if not request.staff.is_admin:
        raise Http404("Only the organisation's admins invite staff.")
    form = StaffInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation, _raw = staff.invite(
                request.staff.organisation,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                invited_by=request.user,
            )
        except staff.StaffError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Invitation e-mailed to %(email)s.") % {"email": invitation.email}
            )
            return redirect("staff:home")
    else:
        messages.error(request, _("Give their e-mail address and choose a role."))
    return redirect("staff:home")


@organisation_staff
@require_safe
def family(request: StaffRequest, org_id: int, family_id: int) -> HttpResponse:
    """A family's summary within her consent, logged once; no consent is a 404."""
    found = family_for_staff(request, family_id)
    organisation = request.staff.organisation
    summary = family_summary(organisation, found)
    if not summary.categories:
        raise Http404("No such family.")
    log_family_read(
        request, found, summary.categories, f"family summary #{found.pk}", "family summary"
    )
    return render(
        request,
        "programs/staff/family.html",
        {"organisation": organisation, "summary": summary},
    )


@organisation_staff
@require_safe
def access_log(request: StaffRequest, org_id: int) -> HttpResponse:
    """The organisation's audit log as CSV, for its admins only."""
    if not request.staff.is_admin:
        raise Http404("Only the organisation's admins export the access log.")
    response = HttpResponse(
        audit.export_csv(request.staff.organisation), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="access-log-{org_id}.csv"'
    return response
