"""API routes for the exports and imports, mounted by firsttouch/api/api.py.

Exports (``GET /export/csv``, ``/fhir``) are the same files as the export page: the caller's
family's data and the caller's own private records only. Deleting an account is deliberately
not an API route: it needs the password typed by a person on the confirmation page.

Imports from Baby Buddy (``/import/...``) are jobs a client advances with
``POST /import/{id}/step`` until ``state`` is no longer ``running``, as the import page does.
"""

# No ``from __future__ import annotations``: ninja reads the annotations at run time.

from datetime import datetime
from typing import Any, Literal, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from firsttouch.accounts.models import Family, User
from firsttouch.api.errors import ApiError, ErrorOut
from firsttouch.babies.models import Baby
from firsttouch.core.scoping import get_scoped_or_404

from . import importing
from .import_forms import MAX_UPLOAD_BYTES
from .models import ImportJob
from .views import csv_download, fhir_download

router = Router(tags=["data"])

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 422: ErrorOut}


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


class BabyBuddyImportIn(Schema):
    base_url: str = Field(..., max_length=300,
                          description="Where Baby Buddy is served, e.g. https://baby.example.org")
    token: str = Field(..., max_length=200, description="A Baby Buddy API key. Kept only "
                                                        "until the import ends.")
    weight_unit: Literal["kg", "lb", "g"] = "kg"
    volume_unit: Literal["ml", "oz"] = "ml"


class ReasonOut(Schema):
    reason: str
    count: int


class KindSummaryOut(Schema):
    kind: str = Field(..., description="Baby Buddy's kind: child, sleep, feeding, "
                                       "diaperchange, tummytime, weight, note")
    label: str
    imported: int
    skipped: int
    reasons: list[ReasonOut]


class ImportJobOut(Schema):
    id: int
    source: Literal["api", "csv"]
    state: Literal["running", "done", "failed", "cancelled"]
    base_url: str
    total: int = Field(..., description="Rows to read (an estimate while running)")
    processed: int
    percent: int
    error: str
    summary: list[KindSummaryOut]
    unrecognised_files: list[str]
    created_at: datetime
    finished_at: datetime | None


def _refused(exc: importing.ImportRefused) -> ApiError:
    fields = None if exc.field == NON_FIELD_ERRORS else {exc.field: [exc.message]}
    status = 409 if exc.field == NON_FIELD_ERRORS else 422
    return ApiError(status, exc.message, fields=fields)


@router.post("/import/babybuddy", response={201: ImportJobOut, **WRITE_ERRORS, 409: ErrorOut},
             summary="Start importing from a Baby Buddy server (checks the address and key "
                     "first)")
def import_babybuddy(request: HttpRequest, payload: BabyBuddyImportIn) -> Any:
    user, family = _caller(request)
    try:
        job = importing.start_api_import(family, user, payload.base_url, payload.token,
                                         payload.weight_unit, payload.volume_unit)
    except importing.ImportRefused as exc:
        raise _refused(exc) from exc
    return Status(201, importing.as_json(job))


@router.post("/import/babybuddy-csv",
             response={201: ImportJobOut, **WRITE_ERRORS, 409: ErrorOut},
             summary="Start importing Baby Buddy CSV exports (several files or one ZIP)")
def import_babybuddy_csv(request: HttpRequest, files: File[list[UploadedFile]],
                         baby: Form[int | None] = None,
                         weight_unit: Form[Literal["kg", "lb", "g"]] = "kg",
                         volume_unit: Form[Literal["ml", "oz"]] = "ml",
                         time_zone: Form[str] = "") -> Any:
    """``baby`` (an id of yours) takes the rows whose child is not found. The files' times
    are read in ``time_zone`` (Baby Buddy's server zone), by default your family's."""
    user, family = _caller(request)
    if sum(f.size or 0 for f in files) > MAX_UPLOAD_BYTES:
        raise ApiError(422, "The files are larger than 20 MB together.",
                       fields={"files": ["The files are larger than 20 MB together."]})
    fallback = get_scoped_or_404(Baby, family, pk=baby) if baby is not None else None
    contents = [(f.name or "upload.csv", f.read()) for f in files]
    try:
        job = importing.start_csv_import(family, user, contents, fallback, weight_unit,
                                         volume_unit, time_zone)
    except importing.ImportRefused as exc:
        raise _refused(exc) from exc
    return Status(201, importing.as_json(job))


@router.get("/import/{job_id}", response={200: ImportJobOut, **ERRORS},
            summary="An import's progress and its summary")
def import_job(request: HttpRequest, job_id: int) -> Any:
    _, family = _caller(request)
    return importing.as_json(get_scoped_or_404(ImportJob, family, pk=job_id))


@router.post("/import/{job_id}/step", response={200: ImportJobOut, **ERRORS},
             summary="Import the next page of rows; call until state is not running")
def import_step(request: HttpRequest, job_id: int) -> Any:
    _, family = _caller(request)
    return importing.as_json(importing.step(get_scoped_or_404(ImportJob, family, pk=job_id)))
