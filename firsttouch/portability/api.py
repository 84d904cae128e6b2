"""API routes for the exports and imports, mounted by firsttouch/api/api.py.

Exports (``GET /export/csv``, ``/fhir``) are the same files as the export page: the caller's
family's data and the caller's own private records only. Deleting an account is deliberately
not an API route: it needs the password typed by a person on the confirmation page.

Imports from Baby Buddy (``/import/...``) are jobs a client advances with
``POST /import/{id}/step`` until ``state`` is no longer ``running``, as the import page does.
Every POST honours ``Idempotency-Key``: a retried start answers the job it started rather
than "an import is already running", and a retried step answers the step it took.
"""

# No ``from __future__ import annotations``: ninja reads the annotations at run time.

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from ninja import Field, File, Form, Router, Schema, UploadedFile

from firsttouch.api.kit.errors import ApiError, ErrorOut
from firsttouch.api.kit.idempotency import idempotent, rendered
from firsttouch.api.kit.responses import ERRORS, INPUT_ERRORS, WRITE_ERRORS
from firsttouch.api.kit.scoping import family_row_or_404
from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest

from . import importing
from .import_forms import MAX_UPLOAD_BYTES
from .models import ImportJob
from .views import csv_download, fhir_download

router = Router(tags=["data"])


BINARY: dict[str, Any] = {"type": "string", "format": "binary"}
# The Bundle is JSON (``application/fhir+json``): a client parses it as an object, so the schema
# says so; "binary" would promise a string and fail every client that validates the answer.
BUNDLE: dict[str, Any] = {
    "type": "object",
    "description": "A FHIR R4 Bundle (resourceType Bundle, type collection).",
}


def _file(description: str, media_type: str, schema: dict[str, Any] = BINARY) -> dict[str, Any]:
    """OpenAPI for a route that answers a file (an attachment) rather than a schema's JSON."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media_type: {"schema": schema}},
            }
        }
    }


@router.get(
    "/export/csv",
    response=ERRORS,
    summary="Everything as CSV files in a ZIP, with a data dictionary",
    openapi_extra=_file(
        "A ZIP of CSV files and a data dictionary (an attachment).", "application/zip"
    ),
)
def export_csv(request: FamilyRequest) -> HttpResponse:
    return csv_download(request.user, request.family)


@router.get(
    "/export/fhir",
    response=ERRORS,
    summary="Babies, measurements and your screenings as a FHIR R4 Bundle",
    openapi_extra=_file("A FHIR R4 Bundle (an attachment).", "application/fhir+json", BUNDLE),
)
def export_fhir(request: FamilyRequest) -> HttpResponse:
    return fhir_download(request.user, request.family)


class BabyBuddyImportIn(Schema):
    base_url: str = Field(
        ..., max_length=300, description="Where Baby Buddy is served, e.g. https://baby.example.org"
    )
    token: str = Field(
        ..., max_length=200, description="A Baby Buddy API key. Kept only until the import ends."
    )
    weight_unit: Literal["kg", "lb", "g"] = "kg"
    volume_unit: Literal["ml", "oz"] = "ml"


class ReasonOut(Schema):
    reason: str
    count: int


class KindSummaryOut(Schema):
    kind: str = Field(
        ...,
        description="Baby Buddy's kind: child, sleep, feeding, "
        "diaperchange, tummytime, weight, note",
    )
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
    status = exc.status or (409 if exc.field == NON_FIELD_ERRORS else 422)
    return ApiError(status, exc.message, fields=fields)


@router.post(
    "/import/babybuddy",
    response={201: ImportJobOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Start importing from a Baby Buddy server (checks the address and key first)",
)
def import_babybuddy(request: FamilyRequest, payload: BabyBuddyImportIn) -> HttpResponse:
    def start() -> tuple[int, str]:
        try:
            job = importing.start_api_import(
                request.family,
                request.user,
                payload.base_url,
                payload.token,
                payload.weight_unit,
                payload.volume_unit,
            )
        except importing.ImportRefused as exc:
            raise _refused(exc) from exc
        return 201, rendered(ImportJobOut, importing.as_json(job))

    return idempotent(request, start)


@router.post(
    "/import/babybuddy-csv",
    response={201: ImportJobOut, **WRITE_ERRORS, 409: ErrorOut, 413: ErrorOut},
    summary="Start importing Baby Buddy CSV exports (several files or one ZIP)",
    description=(
        "The files may unpack to at most IMPORT_MAX_UNPACKED_BYTES (50 MB by default) and "
        "IMPORT_MAX_ROWS rows (200,000), with no entry compressed more than "
        "IMPORT_MAX_COMPRESSION_RATIO:1 (100): larger uploads are refused with 413. A ZIP "
        "entry that is itself an archive, or a file that is not CSV, is refused with 422."
    ),
)
def import_babybuddy_csv(
    request: FamilyRequest,
    files: File[list[UploadedFile]],
    baby: Form[int | None] = None,
    weight_unit: Form[Literal["kg", "lb", "g"]] = "kg",
    volume_unit: Form[Literal["ml", "oz"]] = "ml",
    time_zone: Form[str] = "",
) -> Any:
    """``baby`` (an id of yours) takes the rows whose child is not found. The files' times
    are read in ``time_zone`` (Baby Buddy's server zone), by default your family's."""
    if sum(f.size or 0 for f in files) > MAX_UPLOAD_BYTES:
        raise ApiError(
            422,
            "The files are larger than 20 MB together.",
            fields={"files": ["The files are larger than 20 MB together."]},
        )
    fallback = family_row_or_404(Baby, request, baby) if baby is not None else None

    def start() -> tuple[int, str]:
        contents = [(f.name or "upload.csv", f.read()) for f in files]
        try:
            job = importing.start_csv_import(
                request.family,
                request.user,
                contents,
                fallback,
                weight_unit,
                volume_unit,
                time_zone,
            )
        except importing.ImportRefused as exc:
            raise _refused(exc) from exc
        return 201, rendered(ImportJobOut, importing.as_json(job))

    return idempotent(request, start)


@router.get(
    "/import/{job_id}",
    response={200: ImportJobOut, **INPUT_ERRORS},
    summary="An import's progress and its summary",
)
def import_job(request: FamilyRequest, job_id: int) -> Any:
    return importing.as_json(family_row_or_404(ImportJob, request, job_id))


@router.post(
    "/import/{job_id}/step",
    response={200: ImportJobOut, **INPUT_ERRORS},
    summary="Import the next page of rows; call until state is not running",
)
def import_step(request: FamilyRequest, job_id: int) -> HttpResponse:
    def advance() -> tuple[int, str]:
        job = importing.step(family_row_or_404(ImportJob, request, job_id))
        return 200, rendered(ImportJobOut, importing.as_json(job))

    return idempotent(request, advance)
