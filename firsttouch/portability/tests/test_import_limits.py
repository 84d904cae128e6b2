"""Issue 10: an upload cannot hurt the server (defect 1), a small import cannot tie it up
(defect 2), and an impossible row is skipped without leaving the job running (defect 3)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from firsttouch.accounts.models import ApiToken
from firsttouch.babies.models import Baby
from firsttouch.portability import babybuddy as bb
from firsttouch.portability import csv_upload, importing
from firsttouch.portability.models import ImportJob, ImportRow, RowStatus
from firsttouch.tracking.models import Nappy, Note, Sleep
from tests.cast import Member

from .fake_babybuddy import KEY, FakeBabyBuddy, babybuddy, sample

__all__ = ["babybuddy"]  # the fixture, imported for pytest

MB = 1024 * 1024
BOMB_MB = 300


def _bomb(megabytes: int, name: str = "sleep.csv") -> bytes:
    """``megabytes`` of zeros deflated into one ZIP entry, written a megabyte at a time so
    building it costs the test no memory either."""
    buffer = io.BytesIO()
    zeros = bytes(MB)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as entry,
    ):
        for _ in range(megabytes):
            entry.write(zeros)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb(BOMB_MB)


def _nested_bomb() -> bytes:
    """A ZIP whose ``sleep.csv`` is itself a ZIP (of 20 MB of zeros)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export/sleep.csv", _bomb(20, "inner.csv"))
    return buffer.getvalue()


def _peak_megabytes(action: Callable[[], Any]) -> tuple[float, Any]:
    tracemalloc.start()
    try:
        outcome: Any = None
        try:
            action()
        except Exception as exc:
            outcome = exc
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / MB, outcome


def _notes_csv(count: int, day: str = "2025-06-16") -> bytes:
    lines = ["id,child_id,note,time"]
    lines += [f"{i},1,Note {i},{day} {i // 60 % 24:02d}:{i % 60:02d}:00" for i in range(count)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def ada(alice: Member) -> Baby:
    return Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 1))


def _start_notes(member: Member, baby: Baby, count: int) -> ImportJob:
    return importing.start_csv_import(
        member.family, member.user, [("note.csv", _notes_csv(count))], fallback_baby=baby
    )


def _run(job: ImportJob, limit: int = 200) -> ImportJob:
    for _ in range(limit):
        if not job.is_running:
            return job
        job = importing.step(job)
    raise AssertionError("the import did not finish")


def _reasons(job: ImportJob, kind: str) -> dict[str, int]:
    row = next(r for r in importing.summary(job) if r["kind"] == kind)
    return {r["reason"]: r["count"] for r in row["reasons"]}


def _auth(member: Member) -> dict[str, str]:
    _, token = ApiToken.issue(member.user, "import")
    return {"Authorization": f"Bearer {token}"}


def _upload(name: str, content: bytes) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


# --- Defect 1: the zip bomb -------------------------------------------------------------------


def test_zip_bomb_is_refused_as_too_large_and_memory_stays_low(alice: Member, bomb: bytes) -> None:
    assert len(bomb) < 1 * MB  # about 300 kB that unpack to 300 MB
    peak, refused = _peak_megabytes(
        lambda: importing.start_csv_import(alice.family, alice.user, [("export.zip", bomb)])
    )
    assert isinstance(refused, importing.ImportRefused)
    assert refused.status == 413 and refused.field == "files"
    assert "more than 50 MB" in refused.message
    assert peak < 30, f"{peak:.1f} MB allocated while refusing"
    assert not ImportJob.objects.exists() and not ImportRow.objects.exists()


@override_settings(IMPORT_MAX_UNPACKED_BYTES=500 * MB)
def test_zip_bomb_is_refused_by_its_ratio_when_the_size_cap_is_raised(
    alice: Member, bomb: bytes
) -> None:
    peak, refused = _peak_megabytes(
        lambda: importing.start_csv_import(alice.family, alice.user, [("export.zip", bomb)])
    )
    assert isinstance(refused, importing.ImportRefused) and refused.status == 413
    assert "unpacks to far more than its compressed size" in refused.message
    assert peak < 30


def test_zip_bomb_nested_in_a_csv_entry_is_refused_as_not_csv(alice: Member) -> None:
    nested = _nested_bomb()
    peak, refused = _peak_megabytes(
        lambda: importing.start_csv_import(alice.family, alice.user, [("export.zip", nested)])
    )
    assert isinstance(refused, importing.ImportRefused)
    assert refused.status == 422
    assert "export/sleep.csv is itself an archive" in refused.message
    assert peak < 30
    assert not ImportJob.objects.exists()


@override_settings(IMPORT_MAX_UNPACKED_BYTES=2 * MB)
def test_zip_bomb_cap_is_counted_while_reading_not_taken_from_headers(alice: Member) -> None:
    # A plain CSV has no header to trust: the meter alone stops it at the cap.
    big = _notes_csv(0) + b"1,1,x,2025-06-16 10:00:00\n" * (3 * MB // 26)
    with pytest.raises(importing.ImportRefused) as refused:
        importing.start_csv_import(alice.family, alice.user, [("note.csv", big)])
    assert refused.value.status == 413
    # And the meter stops a stream part-way, whatever size it was announced with.
    budget = csv_upload._Budget(csv_upload.Limits(2 * MB, 100, 10))
    meter = csv_upload._Metered(io.BytesIO(bytes(3 * MB)), budget, "x.csv", 3 * MB)
    with pytest.raises(csv_upload.UploadRefused):
        while meter.read(64 * 1024):
            pass
    assert meter.read_bytes <= 2 * MB + 64 * 1024


def test_zip_bomb_entry_whose_header_lies_about_its_size_is_refused(alice: Member) -> None:
    real = bytearray(_bomb(60))
    # The central directory (what a reader trusts) claims 1 MB instead of 60 MB.
    central = real.rindex(b"PK\x01\x02")
    assert int.from_bytes(real[central + 24 : central + 28], "little") == 60 * MB
    real[central + 24 : central + 28] = MB.to_bytes(4, "little")
    lying = bytes(real)
    assert zipfile.ZipFile(io.BytesIO(lying)).infolist()[0].file_size == MB
    peak, refused = _peak_megabytes(
        lambda: importing.start_csv_import(alice.family, alice.user, [("export.zip", lying)])
    )
    # Read in chunks, it is stopped (here by its first line, never ending) long before 60 MB;
    # a reader that stops at the claimed size fails the entry's checksum.
    assert isinstance(refused, importing.ImportRefused)
    assert refused.status == 422
    assert peak < 30


@override_settings(IMPORT_MAX_ROWS=5)
def test_zip_bomb_of_rows_is_refused_over_the_row_limit(alice: Member, ada: Baby) -> None:
    with pytest.raises(importing.ImportRefused) as refused:
        _start_notes(alice, ada, 6)
    assert refused.value.status == 413
    assert "more than 5 rows" in refused.value.message
    assert not ImportJob.objects.exists() and not ImportRow.objects.exists()
    job = _start_notes(alice, ada, 5)
    assert job.total == 5


def test_zip_bomb_the_api_answers_413_and_422(alice: Member, bomb: bytes) -> None:
    client, auth = Client(), _auth(alice)
    too_big = client.post(
        "/api/v1/import/babybuddy-csv", {"files": [_upload("export.zip", bomb)]}, headers=auth
    )
    assert too_big.status_code == 413
    assert "more than 50 MB" in too_big.json()["error"]["fields"]["files"][0]
    nested = client.post(
        "/api/v1/import/babybuddy-csv",
        {"files": [_upload("export.zip", _nested_bomb())]},
        headers=auth,
    )
    assert nested.status_code == 422
    assert "itself an archive" in nested.json()["error"]["fields"]["files"][0]
    assert not ImportJob.objects.exists()


def test_zip_bomb_the_page_answers_413_with_the_reason_by_the_field(
    alice: Member, bomb: bytes
) -> None:
    page = alice.client().post(
        "/data/import/babybuddy-csv/",
        {
            "files": [_upload("export.zip", bomb)],
            "weight_unit": "kg",
            "volume_unit": "ml",
            "time_zone": "Europe/London",
        },
    )
    assert page.status_code == 413
    assert b"more than 50 MB" in page.content
    assert not ImportJob.objects.exists()


def _zip(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (bytes(range(256)) * 20, "No Baby Buddy rows found"),
        (b"", "No Baby Buddy rows found"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "is an archive firsttouch does not open"),
        (_zip("note.csv", b"id,child_id,note,time\n" * 1000)[:200], "could not be read"),
        (b"id,child_id,note,time\n1,1," + b"x" * 200_000 + b",2025-06-16 10:00:00\n", "could not"),
        (b"id,child_id,note,time\n" + b"x" * 400_000, "a line longer than any Baby Buddy row"),
    ],
    ids=["binary", "empty", "gzip", "broken-zip", "huge-field", "huge-line"],
)
def test_zip_bomb_a_file_that_is_not_csv_is_refused_with_422(
    alice: Member, content: bytes, says: str
) -> None:
    with pytest.raises(importing.ImportRefused) as refused:
        importing.start_csv_import(alice.family, alice.user, [("note.csv", content)])
    assert refused.value.status == 422 and says in refused.value.message
    assert not ImportJob.objects.exists()


def test_a_row_with_a_nul_character_is_skipped_with_its_reason(alice: Member, ada: Baby) -> None:
    csv = b"id,child_id,note,time\n1,1,a\x00b,2025-06-16 10:00:00\n2,1,ok,2025-06-16 11:00:00\n"
    job = _run(
        importing.start_csv_import(alice.family, alice.user, [("note.csv", csv)], fallback_baby=ada)
    )
    assert _reasons(job, "note") == {"It contains a NUL character, which is not text.": 1}
    assert list(Note.objects.values_list("notes", flat=True)) == ["ok"]


# --- Defect 2: staging, and short steps -------------------------------------------------------


@override_settings(IMPORT_STEP_ROWS=5, IMPORT_STEP_MILLISECONDS=60_000)
def test_small_import_ties_up_server_no_more_rows_are_staged_in_a_table_and_steps_are_bounded(
    alice: Member, ada: Baby
) -> None:
    job = _start_notes(alice, ada, 12)
    staged = ImportRow.objects.filter(job=job)
    assert staged.count() == 12 and job.ready
    assert set(staged.values_list("status", flat=True)) == {RowStatus.PENDING}

    processed = []
    while job.is_running:
        job = importing.step(job)
        processed.append(job.processed)
        if job.is_running:
            assert staged.filter(status=RowStatus.IMPORTED).count() == job.processed
    assert processed == [5, 10, 12]  # never more than IMPORT_STEP_ROWS rows a step
    assert job.state == "done" and Note.objects.filter(baby=ada).count() == 12
    assert not ImportRow.objects.exists()  # the staged rows go when the job ends


@override_settings(IMPORT_STEP_ROWS=500, IMPORT_STEP_MILLISECONDS=0)
def test_small_import_ties_up_server_no_more_a_step_stops_at_its_time_budget(
    alice: Member, ada: Baby
) -> None:
    job = _start_notes(alice, ada, 3)
    job = importing.step(job)
    # With no time left after the first row, the step commits what it did and returns.
    assert job.processed == 1 and job.is_running
    assert _run(job).processed == 3


@override_settings(IMPORT_STEP_ROWS=4, IMPORT_STEP_MILLISECONDS=60_000)
def test_small_import_ties_up_server_no_more_an_interrupted_step_resumes_exactly(
    alice: Member, ada: Baby, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = importing.step(_start_notes(alice, ada, 10))
    assert job.processed == 4
    real_save = importing.save_entry
    calls = {"n": 0}

    def killed_part_way(entry: Any, **options: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the process dies part-way through a step
        return real_save(entry, **options)

    monkeypatch.setattr(importing, "save_entry", killed_part_way)
    with pytest.raises(KeyboardInterrupt):
        importing.step(job)
    job.refresh_from_db()
    assert job.processed == 4 and Note.objects.count() == 4  # the broken step left nothing
    monkeypatch.setattr(importing, "save_entry", real_save)
    job = _run(job)
    assert job.state == "done" and job.processed == 10
    assert Note.objects.filter(baby=ada).count() == 10


def test_small_import_ties_up_server_no_more_a_step_waits_while_the_upload_is_staged(
    alice: Member, ada: Baby
) -> None:
    job = _start_notes(alice, ada, 3)
    ImportJob.objects.filter(pk=job.pk).update(ready=False)
    job.refresh_from_db()
    assert importing.step(job).processed == 0 and job.is_running


# --- Defect 3 (imports): impossible times -----------------------------------------------------


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        ("0001-01-01 00:00:00", "not a real date"),
        ("1899-12-31 23:00:00", "not a real date"),
        ("2201-01-01 00:00:00", "not a real date"),
        ("2025-02-20 10:00:00", importing.BEFORE_BIRTH),
    ],
)
def test_row_that_breaks_a_familys_data_is_skipped_with_its_reason(
    alice: Member, ada: Baby, when: str, reason: str
) -> None:
    csv = (
        "id,child_id,time,wet,solid\n"
        f"1,1,{when},1,0\n"
        "2,1,2025-06-16 06:25:00,1,0\n"
        "3,1,0001-01-01T00:00:00+14:00,1,0\n"
    ).encode()
    job = _run(
        importing.start_csv_import(
            alice.family, alice.user, [("changes.csv", csv)], fallback_baby=ada
        )
    )
    assert job.state == "done"
    skipped = _reasons(job, "diaperchange")
    assert sum(skipped.values()) == 2
    assert any(reason in text for text in skipped)
    assert Nappy.objects.filter(baby=ada).count() == 1


def test_row_that_breaks_a_familys_data_never_leaves_the_job_running(
    alice: Member, ada: Baby, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = importing.bb.build_entry

    def broken_on_one_row(kind: str, row: dict[str, Any], *args: Any) -> Any:
        if row.get("id") == "1":
            raise OverflowError("date value out of range")
        return real_build(kind, row, *args)

    monkeypatch.setattr(importing.bb, "build_entry", broken_on_one_row)
    job = _run(_start_notes(alice, ada, 3))
    assert job.state == "done"
    assert _reasons(job, "note") == {importing.ROW_FAILED: 1}
    assert Note.objects.filter(baby=ada).count() == 2

    # An error outside any row ends the job as failed, never "running" for ever.
    monkeypatch.setattr(importing, "_step_csv", lambda job, started: 1 / 0)
    failed = importing.step(_start_notes(alice, ada, 2))
    assert failed.state == "failed" and "Start it again" in failed.error
    assert not ImportRow.objects.filter(job=failed).exists()


@override_settings(IMPORT_STEP_MILLISECONDS=0)
def test_small_import_ties_up_server_no_more_an_api_step_is_bounded_and_fetches_outside_it(
    alice: Member, mia: Baby, babybuddy: FakeBabyBuddy, monkeypatch: pytest.MonkeyPatch
) -> None:
    mia.birth_date = timezone.localdate() - timedelta(days=30)
    mia.save(update_fields=["birth_date"])
    babybuddy.data = sample(mia.birth_date, nights=5)
    job = importing.start_api_import(alice.family, alice.user, babybuddy.url, KEY)
    fetched_in_a_transaction = []
    real_page = bb.Client.page

    def page(self: bb.Client, *args: Any, **kwargs: Any) -> Any:
        fetched_in_a_transaction.append(len(connection.savepoint_ids))
        return real_page(self, *args, **kwargs)

    monkeypatch.setattr(bb.Client, "page", page)
    before = len(connection.savepoint_ids)  # the test's own transaction, if any
    job = importing.step(job)
    assert job.processed == 1  # one row, then the time budget was spent
    job = importing.step(job)
    assert job.processed == 2
    assert set(fetched_in_a_transaction) == {before}  # never inside the step's transaction
    for _ in range(100):
        if not job.is_running:
            break
        job = importing.step(job)
    assert job.state == "done"
    assert Sleep.objects.filter(baby=mia).count() == 5
