"""Pages: download the family's data, and delete an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from firsttouch.accounts.models import Family, User
from firsttouch.core.http import FamilyRequest, family_required

from . import deletion, export, fhir
from .forms import CONFIRM_WORD, DeleteAccountForm


def attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_download(user: User, family: Family) -> HttpResponse:
    return attachment(export.export_zip(user, family), "application/zip",
                      export.filename(family, "zip"))


def fhir_download(user: User, family: Family) -> HttpResponse:
    body = fhir.serialise(fhir.bundle(user, family))
    return attachment(body, "application/fhir+json",
                      export.filename(family, "fhir.json"))


@require_GET
@family_required
def export_page(request: FamilyRequest) -> HttpResponse:
    return render(request, "portability/export.html")


@require_GET
@family_required
def export_csv(request: FamilyRequest) -> HttpResponse:
    return csv_download(request.user, request.family)


@require_GET
@family_required
def export_fhir(request: FamilyRequest) -> HttpResponse:
    return fhir_download(request.user, request.family)


@login_required
def delete_page(request: HttpRequest) -> HttpResponse:
    """Also open to someone with no family (a removed caregiver) so they can leave entirely."""
    user = request.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        report = deletion.delete_account(user)
        logout(request)
        text = "Your account has been deleted."
        if report.family_deleted:
            text = "Your account and your family's data have been deleted."
        messages.success(request, text)
        return redirect("login")
    membership = getattr(request, "membership", None)
    others = []
    if membership is not None and membership.is_admin:
        others = list(membership.family.memberships.exclude(user=user)
                      .select_related("user").order_by("joined_at"))
    return render(request, "portability/delete.html", {
        "form": form, "word": CONFIRM_WORD, "is_admin": bool(membership and membership.is_admin),
        "others": others}, status=400 if form.is_bound else 200)
