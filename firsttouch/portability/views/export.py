"""Pages: download the family's data (CSV or FHIR); the API serves the same downloads."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from firsttouch.accounts.models import Family, User
from firsttouch.core.http import FamilyRequest, family_required

from .. import export, fhir


def attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_download(user: User, family: Family) -> HttpResponse:
    return attachment(
        export.export_zip(user, family), "application/zip", export.filename(family, "zip")
    )


def fhir_download(user: User, family: Family) -> HttpResponse:
    body = fhir.serialise(fhir.bundle(user, family))
    return attachment(body, "application/fhir+json", export.filename(family, "fhir.json"))


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
