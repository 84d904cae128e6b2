"""API routes for the exports, mounted by firsttouch/api/api.py (``GET /export/csv``, ``/fhir``).

The same files as the export page: the caller's family's data and the caller's own private
records only. Deleting an account is deliberately not an API route: it needs the password
typed by a person on the confirmation page.
"""

# No ``from __future__ import annotations``: ninja reads the annotations at run time.

from typing import cast

from django.http import HttpRequest, HttpResponse
from ninja import Router

from firsttouch.accounts.models import Family, User

from .views import csv_download, fhir_download

router = Router(tags=["data"])


def _caller(request: HttpRequest) -> tuple[User, Family]:
    # The API's auth sets request.user and request.family (firsttouch/api/auth.py).
    return cast(User, request.user), cast(Family, request.family)  # type: ignore[attr-defined]


@router.get("/export/csv", summary="Everything as CSV files in a ZIP, with a data dictionary")
def export_csv(request: HttpRequest) -> HttpResponse:
    return csv_download(*_caller(request))


@router.get("/export/fhir", summary="Babies, measurements and your screenings as a FHIR R4 "
                                    "Bundle")
def export_fhir(request: HttpRequest) -> HttpResponse:
    return fhir_download(*_caller(request))
