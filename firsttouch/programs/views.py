"""The mother's sharing page: the clinics she shares with, joining one, and stopping."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.wellbeing.forms import CountryForm
from firsttouch.wellbeing.preferences import settings_for
from firsttouch.wellbeing.safety import country_for, crisis_resources

from . import services
from .forms import JoinForm
from .models import ClinicShare


def _own_share(request: FamilyRequest, share_id: int) -> ClinicShare:
    """Her active share, or 404: nobody else's consent is reachable, not even her partner's."""
    share = (
        ClinicShare.objects.active()
        .select_related("clinic")
        .filter(pk=share_id, mother=request.user)
        .first()
    )
    if share is None:
        raise Http404("No such share.")
    return share


def _page(
    request: FamilyRequest,
    join_form: JoinForm | None = None,
    country_form: CountryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    settings_row = settings_for(request.user)
    return render(
        request,
        "programs/sharing.html",
        {
            "shares": services.active_shares(request.user),
            "join_form": join_form or JoinForm(),
            "country_form": country_form or CountryForm(instance=settings_row),
            "help": crisis_resources(country_for(request.user)),
        },
        status=status,
    )


@family_required
def sharing(request: FamilyRequest) -> HttpResponse:
    return _page(request)


@require_POST
@family_required
def join(request: FamilyRequest) -> HttpResponse:
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            share = services.join_clinic(request.user, form.cleaned_data["code"])
        except services.JoinError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(request, f"You now share with {share.clinic.name}.")
            return redirect("programs:sharing")
    return _page(request, join_form=form, status=400)


@family_required
def revoke(request: FamilyRequest, share_id: int) -> HttpResponse:
    share = _own_share(request, share_id)
    if request.method == "POST":
        services.revoke_share(share)
        messages.success(request, f"You no longer share with {share.clinic.name}.")
        return redirect("programs:sharing")
    return render(request, "programs/revoke.html", {"share": share})


@require_POST
@family_required
def country(request: FamilyRequest) -> HttpResponse:
    form = CountryForm(request.POST, instance=settings_for(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect("programs:sharing")
    return _page(request, country_form=form, status=400)
