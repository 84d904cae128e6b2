"""The one-page PDF for the paediatrician or GP (being built: answers 404 until then)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from firsttouch.core.http import FamilyRequest, family_required


@family_required
def baby_pdf(request: FamilyRequest, baby_id: int) -> HttpResponse:
    raise Http404("The PDF report is not built yet.")
