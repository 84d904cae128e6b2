"""The one-page PDF for the paediatrician or GP, as a download (the drawing is in pdf.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from firsttouch.accounts.models import Family
from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404


def pdf_response(family: Family, baby_id: int) -> HttpResponse:
    """The PDF of the family's baby as an attachment; another family's baby is a 404.

    Shared by the page and the API route so both answer the same file with the same headers.
    """
    # Imported here, not at start-up: fpdf2 and fontTools cost ~0.3 s and several MB in every
    # server process, and most processes never draw a PDF (issue 10, memory).
    from .pdf import baby_summary_pdf, disposition

    baby = get_scoped_or_404(Baby, family, pk=baby_id)
    tz = ZoneInfo(family.time_zone)
    now = timezone.now()
    response = HttpResponse(baby_summary_pdf(baby, tz, now), content_type="application/pdf")
    response["Content-Disposition"] = disposition(baby.name, now.astimezone(tz).date())
    # Health information: never kept by a shared cache or the browser's back-forward cache.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@family_required
def baby_pdf(request: FamilyRequest, baby_id: int) -> HttpResponse:
    return pdf_response(request.family, baby_id)
