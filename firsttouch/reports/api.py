"""API routes of this app, mounted at /api/v1/ by firsttouch/api/api.py.

``GET /babies/{baby_id}/report.pdf`` answers the same one-page PDF as the page
``/reports/<baby_id>/summary.pdf``; another family's baby is a 404 in the one error shape.
"""

# No ``from __future__ import annotations``: ninja reads the annotations at run time.

from django.http import HttpResponse
from ninja import Router

from firsttouch.api.kit.responses import INPUT_ERRORS
from firsttouch.core.http import FamilyRequest

from .views import pdf_response

router = Router(tags=["reports"])

PDF_DOC = {
    "responses": {
        200: {
            "description": "The one-page PDF for the paediatrician or GP (an attachment): the "
            "baby's age and corrected age, charts of the last 4 weeks, the "
            "insights sentences, the colic pattern note with red flags, and "
            "feeds, nappies, growth and massage. The mother's own screenings "
            "are never included.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
    },
}


@router.get(
    "/babies/{baby_id}/report.pdf",
    response=INPUT_ERRORS,
    summary="The baby's one-page PDF summary for the doctor",
    openapi_extra=PDF_DOC,
)
def baby_report_pdf(request: FamilyRequest, baby_id: int) -> HttpResponse:
    return pdf_response(request.family, baby_id)
