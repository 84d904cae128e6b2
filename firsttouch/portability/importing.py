"""Importing a family's history from Baby Buddy, one chunk per request.

``firsttouch serve`` runs no background worker, so an import is an :class:`ImportJob` that the
page (or an API client) advances with :func:`step` until it is done; the cursor lives in the
job, so closing the tab only pauses it. Every row goes through ``tracking.services.save_entry``
(the one save path, with its overlap and future-time rules) together with an
:class:`ImportedRecord` in one transaction: a row is imported whole or skipped with a reason,
and an imported row is never imported again. Nothing already in firsttouch is changed.

An uploaded CSV is read as a stream within caps (``csv_upload``) and staged one
:class:`ImportRow` per source row; each step then imports a bounded batch (``IMPORT_STEP_ROWS``
rows, stopping early after ``IMPORT_STEP_MILLISECONDS``) in one short write transaction, so an
import never holds the database's single writer long enough to keep another family waiting. A
row that cannot be imported, for whatever reason, is skipped with its reason; the job itself
never stays "running" after an error.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from firsttouch.accounts.models import Family, User, validate_time_zone
from firsttouch.babies.models import Baby
from firsttouch.core import moments
from firsttouch.core.scoping import scoped
from firsttouch.tracking.services import save_entry

from . import babybuddy as bb
from . import csv_upload
from .models import ImportedRecord, ImportJob, ImportRow, ImportSource, ImportState, RowStatus

logger = logging.getLogger(__name__)

# Staged rows are written and deleted this many at a time, each batch its own transaction.
STAGE_BATCH = 1000
MAX_FAILURES = 3
STALE_AFTER = timedelta(days=1)
CSV_SOURCE = "csv"

# Reasons are stored in English (gettext_noop) and translated when a page shows them.
ALREADY_IMPORTED = gettext_noop("Already imported.")
ALREADY_THERE = gettext_noop("Already in firsttouch at the same time.")
NO_BABY = gettext_noop("Its child is not in this import and matches no baby here.")
BABY_MATCHED = gettext_noop("Matched a baby already in firsttouch (same name and birth date).")
ROW_FAILED = gettext_noop("firsttouch could not import this row.")
BEFORE_BIRTH = gettext_noop("Its time is more than a week before the baby's birth.")


class ImportRefused(Exception):
    """The import cannot start; nothing was saved. ``field`` names the input to fix."""

    def __init__(
        self, message: str, field: str = NON_FIELD_ERRORS, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # 413 or 422 for an upload refused by its content; None lets the caller decide.
        self.status = status


# --- Starting ---------------------------------------------------------------------------------


def running_job(family: Family) -> ImportJob | None:
    expire_stale(family)
    return scoped(ImportJob, family).filter(state=ImportState.RUNNING).first()


def expire_stale(family: Family) -> None:
    """A job nobody advanced for a day is stopped, and its API key forgotten."""
    cutoff = timezone.now() - STALE_AFTER
    for job in scoped(ImportJob, family).filter(state=ImportState.RUNNING, updated_at__lt=cutoff):
        _end(
            job,
            ImportState.CANCELLED,
            "Stopped because it was left unfinished for a day. Start it again: rows already "
            "imported are skipped.",
        )
        _drop_staged(job)


def _check_units(weight_unit: str, volume_unit: str) -> None:
    if weight_unit not in bb.WEIGHT_UNITS:
        raise ImportRefused(gettext("Choose kg, lb or g."), "weight_unit")
    if volume_unit not in bb.VOLUME_UNITS:
        raise ImportRefused(gettext("Choose ml or oz."), "volume_unit")


def _refuse_if_running(family: Family) -> None:
    if running_job(family) is not None:
        raise ImportRefused(
            gettext(
                "An import is already running for your family. Let it finish or cancel it first."
            )
        )


def start_api_import(
    family: Family,
    user: User | None,
    base_url: str,
    token: str,
    weight_unit: str = "kg",
    volume_unit: str = "ml",
) -> ImportJob:
    """Check the address and the key with Baby Buddy, then create the job (nothing else)."""
    _check_units(weight_unit, volume_unit)
    _refuse_if_running(family)
    try:
        client = bb.Client(base_url, token)
        counts = client.counts()
    except bb.BabyBuddyError as exc:
        raise ImportRefused(exc.message, exc.field) from exc
    return ImportJob.objects.create(
        family=family,
        created_by=user,
        source=ImportSource.API,
        base_url=client.base_url,
        token=client.token,
        weight_unit=weight_unit,
        volume_unit=volume_unit,
        total=sum(counts.values()),
        counts=_empty_counts(),
    )


def start_csv_import(
    family: Family,
    user: User | None,
    files: list[tuple[str, bytes]],
    fallback_baby: Baby | None = None,
    weight_unit: str = "kg",
    volume_unit: str = "ml",
    time_zone: str = "",
) -> ImportJob:
    """Read the uploaded files (CSV, or a ZIP of them) into a job; rows are saved by steps.

    A Baby Buddy export writes times in its server's time zone without saying which; they are
    read in ``time_zone``, by default the family's. The files are read twice as streams: once
    to check them against the caps (nothing is written for a refused upload), then to stage
    the rows in batches, each its own short transaction.
    """
    _check_units(weight_unit, volume_unit)
    time_zone = (time_zone or "").strip()
    if time_zone:
        try:
            validate_time_zone(time_zone)
        except ValidationError as exc:
            raise ImportRefused(" ".join(exc.messages), "time_zone") from exc
    if fallback_baby is not None and fallback_baby.family_id != family.pk:
        raise ImportRefused(gettext("Choose one of your babies."), "baby")
    _refuse_if_running(family)
    upload = csv_upload.Upload(files)
    try:
        total = sum(1 for _ in upload.rows())
    except csv_upload.UploadRefused as exc:
        raise ImportRefused(exc.message, "files", exc.status) from exc
    if not total:
        names = ", ".join(upload.unrecognised) or "the upload"
        raise ImportRefused(
            f"No Baby Buddy rows found in {names}. Upload the CSV files "
            "exported from Baby Buddy's database admin.",
            "files",
            csv_upload.NOT_CSV,
        )
    counts = _empty_counts()
    if upload.unrecognised:
        counts["_files"] = {"unrecognised": upload.unrecognised}
    job = ImportJob.objects.create(
        family=family,
        created_by=user,
        source=ImportSource.CSV,
        base_url="",
        weight_unit=weight_unit,
        volume_unit=volume_unit,
        fallback_baby_id=fallback_baby.pk if fallback_baby else None,
        time_zone="" if time_zone == family.time_zone else time_zone,
        total=total,
        counts=counts,
        ready=False,
    )
    try:
        _stage(job, upload)
    except BaseException:
        _drop_staged(job)
        job.delete()
        raise
    job.ready = True
    job.save(update_fields=["ready", "updated_at"])
    return job


# Set on a staged row whose NUL characters were taken out so that it could be stored at all
# (PostgreSQL keeps no NUL in text or JSON): its step skips it with NUL_REASON.
NUL_MARK = "_firsttouch_had_nul"
NUL_REASON = "It contains a NUL character, which is not text."


def _storable(data: dict[str, Any]) -> dict[str, Any]:
    """The row as it can be stored: NUL characters out, and marked so the row is skipped."""
    if not any(isinstance(v, str) and "\x00" in v for v in data.values()):
        return data
    cleaned = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in data.items()}
    return {**cleaned, NUL_MARK: True}


def _stage(job: ImportJob, upload: csv_upload.Upload) -> None:
    batch: list[ImportRow] = []
    for row in upload.rows():
        batch.append(
            ImportRow(
                family_id=job.family_id,
                job=job,
                order=bb.KIND_NAMES.index(row.kind),
                kind=row.kind,
                source_id=row.source_id,
                data=_storable(row.data),
            )
        )
        if len(batch) >= STAGE_BATCH:
            ImportRow.objects.bulk_create(batch)
            batch = []
    ImportRow.objects.bulk_create(batch)


def _drop_staged(job: ImportJob) -> None:
    """Delete a finished job's staged rows in batches: one huge delete would hold the
    database's writer as long as the old single-value rewrite did."""
    while True:
        staged = ImportRow.objects.filter(job_id=job.pk).values_list("pk", flat=True)
        ids = list(staged[:STAGE_BATCH])
        if not ids:
            return
        ImportRow.objects.filter(pk__in=ids).delete()


def cancel(job: ImportJob) -> ImportJob:
    if job.is_running:
        _end(job, ImportState.CANCELLED, "Cancelled. Rows imported so far are kept.")
        _drop_staged(job)
    return job


# --- Advancing --------------------------------------------------------------------------------


def step(job: ImportJob) -> ImportJob:
    """Import the next page (API) or chunk (CSV) and save the job's progress, as one
    transaction with the job row locked: two open tabs cannot import the same page twice, and
    a crash part-way leaves the job where it was (each row's refusal is its own savepoint).

    A Baby Buddy page is fetched before the transaction: the database's single writer is
    never held while waiting on the network. An unexpected error ends the job as failed (in a
    transaction of its own) rather than leaving it "running" for the page to retry for ever."""
    fetched = None
    if job.source == ImportSource.API:
        current = ImportJob.objects.filter(pk=job.pk).first()
        if current is not None and current.is_running:
            fetched = _fetch_api(current)
    started = time.monotonic()
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if not job.is_running or not job.ready:
                return job
            if job.source == ImportSource.API:
                if fetched is not None:
                    _step_api(job, fetched, started)
            else:
                _step_csv(job, started)
            if job.processed > job.total:
                job.total = job.processed
            if job.is_running:
                job.save()
    except Exception:
        logger.exception("Import %s failed in a step", job.pk)
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if job.is_running:
                _end(
                    job,
                    ImportState.FAILED,
                    "Something went wrong and the import stopped. Start it again to carry on "
                    "(imported rows are skipped).",
                )
    if not job.is_running:
        _drop_staged(job)
    return job


@dataclass
class _Fetched:
    """What one step read from Baby Buddy, and where the job's cursor was when it did."""

    stage: int
    offset: int
    # (stage, rows, whether more pages follow): empty kinds, then at most one page of rows.
    pages: list[tuple[int, list[dict[str, Any]], bool]] = field(default_factory=list)
    error: bb.BabyBuddyError | None = None


def _fetch_api(job: ImportJob) -> _Fetched:
    fetched = _Fetched(job.stage, job.offset)
    stage, offset = job.stage, job.offset
    try:
        client = bb.Client(job.base_url, job.token)
        # Empty kinds cost one request each; move past them within the same step.
        while stage < len(bb.KIND_NAMES):
            rows, _, more = client.page(bb.KIND_NAMES[stage], offset)
            fetched.pages.append((stage, rows, more))
            if rows:
                break
            stage, offset = stage + 1, 0
    except bb.BabyBuddyError as exc:
        fetched.error = exc
    return fetched


def _step_api(job: ImportJob, fetched: _Fetched, started: float) -> None:
    if (job.stage, job.offset) != (fetched.stage, fetched.offset):
        return  # another tab imported this page meanwhile; the next step reads afresh
    context = _Context.for_job(job, job.base_url)
    deadline = started + settings.IMPORT_STEP_MILLISECONDS / 1000
    for stage, rows, more in fetched.pages:
        kind = bb.KIND_NAMES[stage]
        done = 0
        for row in rows:
            _count(job, kind, _import_safely(job, context, kind, str(row.get("id", "")), row))
            done += 1
            if time.monotonic() >= deadline:
                break
        job.offset += done
        job.processed += done
        if done < len(rows):
            break  # out of time: the rest of the page is read again, from its offset
        if not more or not rows:
            job.stage, job.offset = stage + 1, 0
    if fetched.error is not None:
        job.failures += 1
        if job.failures >= MAX_FAILURES:
            _end(
                job,
                ImportState.FAILED,
                f"{fetched.error.message} The import stopped; start it again "
                "to carry on (imported rows are skipped).",
            )
        else:
            job.error = f"{fetched.error.message} Trying again."
        return
    job.failures, job.error = 0, ""
    if job.stage >= len(bb.KIND_NAMES):
        _end(job, ImportState.DONE)


def _step_csv(job: ImportJob, started: float) -> None:
    """The next batch of staged rows, oldest kind first, bounded in rows and in time (counted
    from the start of the step's transaction: it is the writer lock's hold that matters)."""
    context = _Context.for_job(job, CSV_SOURCE)
    limit = max(1, settings.IMPORT_STEP_ROWS)
    deadline = started + settings.IMPORT_STEP_MILLISECONDS / 1000
    pending = list(
        ImportRow.objects.filter(job=job, status=RowStatus.PENDING).order_by("order", "id")[:limit]
    )
    done: list[ImportRow] = []
    for staged in pending:
        reason = _import_safely(job, context, staged.kind, staged.source_id, staged.data)
        _count(job, staged.kind, reason)
        staged.status = RowStatus.SKIPPED if reason else RowStatus.IMPORTED
        staged.reason = reason or ""
        done.append(staged)
        if time.monotonic() >= deadline:
            break
    _mark(done)
    job.offset += len(done)
    job.processed += len(done)
    if len(done) == len(pending) < limit:
        _end(job, ImportState.DONE)


def _mark(done: list[ImportRow]) -> None:
    """Record each row's outcome, one UPDATE per distinct outcome (a bulk_update's CASE over
    hundreds of rows costs more than the rows' import)."""
    outcomes: dict[tuple[str, str], list[int]] = {}
    for staged in done:
        outcomes.setdefault((staged.status, staged.reason), []).append(staged.pk)
    for (status, reason), ids in outcomes.items():
        ImportRow.objects.filter(pk__in=ids).update(status=status, reason=reason)


def _end(job: ImportJob, state: str, error: str = "") -> None:
    """Finish: forget the API key; keep the counts for the summary. (The staged rows are
    deleted by the caller, in batches, once this is committed.)"""
    job.state = state
    job.error = error
    job.token = ""
    job.finished_at = timezone.now()
    if state == ImportState.DONE:
        job.total = job.processed
    job.save()


# --- One row ----------------------------------------------------------------------------------


@dataclass
class _Context:
    family: Family
    user: User | None
    source: str
    tz: ZoneInfo
    units: bb.Units
    fallback: Baby | None
    babies: dict[str, Baby | None] = field(default_factory=dict)

    @classmethod
    def for_job(cls, job: ImportJob, source: str) -> _Context:
        family = job.family
        fallback: Baby | None = None
        if job.fallback_baby_id is not None:
            fallback = scoped(Baby, family).filter(pk=int(job.fallback_baby_id)).first()
        return cls(
            family,
            job.created_by,
            source,
            ZoneInfo(job.time_zone or family.time_zone),
            bb.Units(job.weight_unit, job.volume_unit),
            fallback,
        )

    def baby_for(self, row: dict[str, Any]) -> Baby | None:
        """The baby an entry belongs to: the one its child became, else a name match (a CSV
        export names the child on every row), else the baby chosen for the upload."""
        ident = bb.child_id(row)
        # A real CSV export names the child but has no child id: the name is then the key.
        key = ident or f"name:{bb.child_name(row).casefold()}"
        if key not in self.babies:
            record = (
                ImportedRecord.objects.filter(
                    family=self.family, source=self.source, kind="child", source_id=ident
                ).first()
                if ident
                else None
            )
            baby: Baby | None = None
            if record is not None and record.target_id is not None:
                baby = scoped(Baby, self.family).filter(pk=int(record.target_id)).first()
            if baby is None:
                name = bb.child_name(row).casefold()
                if name:
                    same = [
                        b
                        for b in scoped(Baby, self.family)
                        if b.name.casefold() in {name, name.split(" ")[0]}
                    ]
                    baby = same[0] if len(same) == 1 else None
            self.babies[key] = baby or self.fallback
        return self.babies[key]


def _count(job: ImportJob, kind: str, reason: str | None) -> None:
    tally = job.counts.setdefault(kind, {"imported": 0, "skipped": 0, "reasons": {}})
    if reason is None:
        tally["imported"] += 1
    else:
        tally["skipped"] += 1
        tally["reasons"][reason] = tally["reasons"].get(reason, 0) + 1


def _empty_counts() -> dict[str, Any]:
    return {kind: {"imported": 0, "skipped": 0, "reasons": {}} for kind in bb.KIND_NAMES}


def _reason(exc: ValidationError, kind: str) -> str:
    """A refusal as a sentence that repeats across rows: overlaps name their own times, so
    they are counted under one reason."""
    messages = exc.messages
    if any("overlaps another" in m for m in messages):
        return f"It overlaps {bb.LABELS.get(kind, kind)} already in firsttouch."
    if hasattr(exc, "error_dict"):
        # Django's own validator messages do not say which value; name it.
        messages = [
            f"{name.replace('_', ' ').capitalize()}: {m}"
            if m.startswith(("Ensure", "Enter")) and name != NON_FIELD_ERRORS
            else m
            for name, found in exc.message_dict.items()
            for m in found
        ]
    return " ".join(dict.fromkeys(messages)) or "firsttouch refused it."


def _import_safely(
    job: ImportJob, ctx: _Context, kind: str, source_id: str, row: dict[str, Any]
) -> str | None:
    """One row in a savepoint of its own: whatever goes wrong with it (a value the database
    refuses, a bug) skips that row with a reason and rolls back only that row."""
    try:
        with transaction.atomic():
            return _import_row(job, ctx, kind, source_id, row)
    except Exception:
        logger.exception("Import %s: %s row %s could not be imported", job.pk, kind, source_id)
        return ROW_FAILED


def _import_row(
    job: ImportJob, ctx: _Context, kind: str, source_id: str, row: dict[str, Any]
) -> str | None:
    """Import one row; the reason it was skipped, or None when it was imported."""
    if not source_id:
        return "It has no id."
    if row.get(NUL_MARK) or any("\x00" in str(value) for value in row.values()):
        return NUL_REASON
    done = ImportedRecord.objects.filter(
        family=ctx.family, source=ctx.source, kind=kind, source_id=source_id
    )
    if done.exists():
        return ALREADY_IMPORTED
    if kind == "child":
        return _import_child(ctx, source_id, row)
    baby = ctx.baby_for(row)
    if baby is None:
        return NO_BABY
    try:
        entry = bb.build_entry(kind, row, baby, ctx.tz, ctx.units)
    except bb.RowProblem as exc:
        return str(exc)
    if _before_birth(entry, baby):
        return BEFORE_BIRTH
    entry.created_by = ctx.user
    if bb.already_there(entry):
        return ALREADY_THERE
    try:
        with transaction.atomic():
            # Historical rows: their red flags are shown to the family, never queued as
            # alerts for an organisation (tracking/signals.py).
            save_entry(entry, announce=False)
            ImportedRecord.objects.create(
                family=ctx.family,
                source=ctx.source,
                kind=kind,
                source_id=source_id,
                target_kind=entry.KIND,
                target_id=entry.pk,
            )
    except ValidationError as exc:
        return _reason(exc, kind)
    except IntegrityError:  # another tab imported the same row a moment ago
        return ALREADY_IMPORTED
    return None


def _before_birth(entry: Any, baby: Baby) -> bool:
    """Whether any of the entry's times falls before the birth minus the app's one margin
    (core/moments.py), said in the import's own words so the summary can count it."""
    return any(
        isinstance(moment, datetime) and moments.before_birth(moment, baby.birth_date)
        for moment in (getattr(entry, name, None) for name in ("start", "end", "time"))
    )


def _import_child(ctx: _Context, source_id: str, row: dict[str, Any]) -> str | None:
    """A child becomes a baby: the one with the same name and birth date, or a new one."""
    name = bb.child_name(row)[:60]
    try:
        born = bb.parse_date(row.get("birth_date"))
    except bb.RowProblem as exc:
        return str(exc)
    if not name:
        return gettext_noop("The child has no name.")
    first = name.split(" ")[0].casefold()
    match = next(
        (
            b
            for b in scoped(Baby, ctx.family).filter(birth_date=born)
            if b.name.casefold() in {name.casefold(), first}
        ),
        None,
    )
    try:
        with transaction.atomic():
            baby = match or Baby(family=ctx.family, name=name, birth_date=born)
            if match is None:
                baby.full_clean()
                baby.save()
            ImportedRecord.objects.create(
                family=ctx.family,
                source=ctx.source,
                kind="child",
                source_id=source_id,
                target_kind="baby",
                target_id=baby.pk,
            )
    except ValidationError as exc:
        return " ".join(exc.messages)
    except IntegrityError:
        return ALREADY_IMPORTED
    ctx.babies.pop(source_id, None)
    return BABY_MATCHED if match else None


# --- Reading a job ----------------------------------------------------------------------------


def summary(job: ImportJob) -> list[dict[str, Any]]:
    """Per kind, in Baby Buddy's order: what was imported and skipped, and why."""
    out = []
    for kind in bb.KIND_NAMES:
        tally = job.counts.get(kind) or {"imported": 0, "skipped": 0, "reasons": {}}
        reasons = sorted(tally["reasons"].items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            {
                "kind": kind,
                "label": gettext(bb.LABELS[kind]),
                "imported": tally["imported"],
                "skipped": tally["skipped"],
                "reasons": [{"reason": gettext(r), "count": n} for r, n in reasons],
            }
        )
    return out


def unrecognised_files(job: ImportJob) -> list[str]:
    return list((job.counts.get("_files") or {}).get("unrecognised", []))


def as_json(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "source": job.source,
        "state": job.state,
        "base_url": job.base_url,
        "total": job.total,
        "processed": job.processed,
        "percent": job.percent,
        "error": job.error,
        "summary": summary(job),
        "unrecognised_files": unrecognised_files(job),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }
