"""Pages for importing from Baby Buddy: the two forms, and a job's progress and summary.

The progress fragment posts to the step URL as soon as it is shown (htmx ``load`` trigger) and
replaces itself with the answer, which does the same until the job is done: the browser drives
the import, one page at a time, and a closed tab simply resumes from the job page. Without
JavaScript the fragment is a form with a "Continue" button doing the same.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404, scoped

from .. import csv_upload, importing
from ..import_forms import ApiImportForm, CsvImportForm
from ..models import ImportJob

# Both forms ask for the units: distinct ids keep each label tied to its own field.
API_IDS, CSV_IDS = "api_%s", "csv_%s"


def _api_form(request: FamilyRequest, bound: bool = False) -> ApiImportForm:
    return ApiImportForm(request.POST if bound else None, auto_id=API_IDS)


def _csv_form(request: FamilyRequest, bound: bool = False) -> CsvImportForm:
    if bound:
        return CsvImportForm(request.POST, request.FILES, family=request.family, auto_id=CSV_IDS)
    return CsvImportForm(family=request.family, auto_id=CSV_IDS)


def _page(
    request: FamilyRequest, api_form: ApiImportForm, csv_form: CsvImportForm, status: int = 200
) -> HttpResponse:
    recent = scoped(ImportJob, request.family).exclude(state="running")[:5]
    return render(
        request,
        "portability/import.html",
        {
            "api_form": api_form,
            "csv_form": csv_form,
            "running": importing.running_job(request.family),
            "recent": recent,
            # The help under the server form says which servers this deployment can reach.
            "private_allowed": settings.IMPORT_ALLOW_PRIVATE_ADDRESSES,
            "csv_limits": csv_upload.Limits.from_settings(),
        },
        status=status,
    )


def _refused(form: Form, exc: importing.ImportRefused) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field if field != NON_FIELD_ERRORS else None, exc.message)


@require_GET
@family_required
def import_page(request: FamilyRequest) -> HttpResponse:
    return _page(request, _api_form(request), _csv_form(request))


@require_POST
@family_required
def start_api(request: FamilyRequest) -> HttpResponse:
    form = _api_form(request, bound=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            job = importing.start_api_import(
                request.family,
                request.user,
                data["base_url"],
                data["token"],
                data["weight_unit"],
                data["volume_unit"],
            )
        except importing.ImportRefused as exc:
            _refused(form, exc)
        else:
            return redirect("portability:import_job", job.pk)
    return _page(request, form, _csv_form(request), status=400)


@require_POST
@family_required
def start_csv(request: FamilyRequest) -> HttpResponse:
    form = _csv_form(request, bound=True)
    if form.is_valid():
        data = form.cleaned_data
        files = [(f.name or "upload.csv", f.read()) for f in data["files"]]
        try:
            job = importing.start_csv_import(
                request.family,
                request.user,
                files,
                data["baby"],
                data["weight_unit"],
                data["volume_unit"],
                data["time_zone"],
            )
        except importing.ImportRefused as exc:
            _refused(form, exc)
            # 413 for an upload too large once unpacked, 422 for one that is not CSV.
            return _page(request, _api_form(request), form, status=exc.status or 400)
        else:
            return redirect("portability:import_job", job.pk)
    return _page(request, _api_form(request), form, status=400)


def _job_context(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "summary": importing.summary(job),
        "unrecognised": importing.unrecognised_files(job),
    }


@require_GET
@family_required
def job_page(request: FamilyRequest, pk: int) -> HttpResponse:
    job = get_scoped_or_404(ImportJob, request.family, pk=pk)
    return render(request, "portability/import_job.html", _job_context(job))


@require_http_methods(["POST"])
@family_required
def job_step(request: FamilyRequest, pk: int) -> HttpResponse:
    job = importing.step(get_scoped_or_404(ImportJob, request.family, pk=pk))
    if getattr(request, "htmx", False):
        return render(request, "portability/_import_progress.html", _job_context(job))
    return redirect("portability:import_job", job.pk)


@require_POST
@family_required
def job_cancel(request: FamilyRequest, pk: int) -> HttpResponse:
    importing.cancel(get_scoped_or_404(ImportJob, request.family, pk=pk))
    messages.info(request, gettext("The import was cancelled. Rows imported so far are kept."))
    return redirect("portability:import_job", pk)
