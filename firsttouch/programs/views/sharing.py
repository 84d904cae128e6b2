"""The family's sharing pages: the organisations she shares with, what with, and who looked."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.wellbeing.forms import CountryForm
from firsttouch.wellbeing.preferences import settings_for
from firsttouch.wellbeing.safety import country_for, crisis_resources

from .. import audit, consent
from ..forms import ConsentForm, JoinForm
from ..models import Consent


def _own_consent(request: FamilyRequest, consent_id: int) -> Consent:
    """Her active consent, or 404: nobody else's is reachable, not even her partner's."""
    found = (
        Consent.objects.active()
        .select_related("organisation")
        .filter(pk=consent_id, caregiver=request.user)
        .first()
    )
    if found is None:
        raise Http404("No such consent.")
    return found


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
            "consents": consent.active_consents(request.user),
            "join_form": join_form or JoinForm(),
            "country_form": country_form or CountryForm(instance=settings_row),
            "help": crisis_resources(country_for(request.user)),
            "reads": audit.reads_of(request.family),
        },
        status=status,
    )


@family_required
def sharing(request: FamilyRequest) -> HttpResponse:
    return _page(request)


@require_POST
@family_required
def join(request: FamilyRequest) -> HttpResponse:
    """The code typed on the sharing page leads to the same consent page as a join link."""
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            organisation = consent.find_organisation(form.cleaned_data["code"])
        except consent.ConsentError as exc:
            form.add_error("code", str(exc))  # notranslate
        else:
            return redirect("join_link", code=organisation.join_code)
    return _page(request, join_form=form, status=400)


@family_required
def join_link(request: FamilyRequest, code: str) -> HttpResponse:
    """/join/<code>/: who the organisation is, the consent text, and her choice of categories.

    Nothing is ticked for a first consent; changing an existing one starts from her choice.
    """
    try:
        organisation = consent.find_organisation(code)
    except consent.ConsentError as exc:
        raise Http404(str(exc)) from exc
    text = consent.current_text()
    current = consent.active_consent(request.user, organisation)
    initial = {"categories": sorted(current.categories)} if current else {}
    form = ConsentForm(
        request.POST if request.method == "POST" else None, text=text, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consent.give_consent(
                    request.user, organisation, form.cleaned_data["categories"], text
                )
            except consent.ConsentError as exc:
                form.add_error(None, str(exc))
            else:
                done = (
                    _("You now share with %(organisation)s.")
                    if current is None
                    else _("You changed what you share with %(organisation)s.")
                )
                messages.success(request, done % {"organisation": organisation.name})
                return redirect("programs:sharing")
        status = 400
    return render(
        request,
        "programs/join.html",
        {"organisation": organisation, "text": text, "form": form, "current": current},
        status=status,
    )


@family_required
def revoke(request: FamilyRequest, consent_id: int) -> HttpResponse:
    found = _own_consent(request, consent_id)
    if request.method == "POST":
        consent.revoke(found)
        messages.success(
            request,
            _("You no longer share with %(organisation)s.")
            % {"organisation": found.organisation.name},
        )
        return redirect("programs:sharing")
    return render(request, "programs/revoke.html", {"consent": found})


@require_POST
@family_required
def country(request: FamilyRequest) -> HttpResponse:
    form = CountryForm(request.POST, instance=settings_for(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("programs:sharing")
    return _page(request, country_form=form, status=400)
