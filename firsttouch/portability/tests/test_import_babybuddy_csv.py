"""Importing Baby Buddy's CSV exports: its columns, local times, and no duplicates."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.test import Client

from firsttouch.accounts.models import ApiToken
from firsttouch.babies.models import Baby
from firsttouch.portability import deletion, importing
from firsttouch.portability.babybuddy import detect_kind
from firsttouch.portability.models import ImportedRecord, ImportJob, ImportRow
from firsttouch.tracking.models import Feed, Growth, IllnessCheck, Nappy, Note, Sleep
from tests.cast import Member

FIXTURES = Path(__file__).parent / "fixtures" / "babybuddy"
KINDS = ["child", "sleep", "feeding", "diaperchange", "tummytime", "weight", "note"]


@pytest.fixture
def mia(alice: Member) -> Baby:
    """Born before the fixtures' 2025 dates: rows from before a baby's birth are skipped."""
    return Baby.objects.create(family=alice.family, name="Mia", birth_date=date(2025, 3, 1))


def files(*names: str) -> list[tuple[str, bytes]]:
    return [(f"{n}.csv", (FIXTURES / f"{n}.csv").read_bytes()) for n in names]


def run(job: ImportJob) -> ImportJob:
    for _ in range(50):
        if not job.is_running:
            return job
        job = importing.step(job)
    raise AssertionError("the import did not finish")


def tally(job: ImportJob) -> dict[str, tuple[int, int]]:
    return {row["kind"]: (row["imported"], row["skipped"]) for row in importing.summary(job)}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_every_export_is_recognised_by_its_columns() -> None:
    for name in KINDS:
        header = (FIXTURES / f"{name}.csv").read_text().splitlines()[0]
        assert detect_kind(set(header.split(","))) == name
    assert detect_kind({"id", "child_id", "temperature", "time", "notes"}) is None
    # A pumping export (start, end, amount) is not mistaken for sleep.
    assert detect_kind({"id", "child_id", "start", "end", "amount", "notes"}) is None


def test_a_full_export_comes_in_with_its_units_and_local_times(alice: Member) -> None:
    job = importing.start_csv_import(
        alice.family, alice.user, files(*KINDS, "temperature"), weight_unit="lb", volume_unit="oz"
    )
    job = run(job)
    assert job.state == "done"
    assert tally(job) == {
        "child": (1, 0),
        "sleep": (3, 1),
        "feeding": (3, 0),
        "diaperchange": (2, 0),
        "tummytime": (1, 0),
        "weight": (1, 0),
        "note": (1, 0),
    }
    assert importing.unrecognised_files(job) == ["temperature.csv"]
    # Baby Buddy's temperatures are skipped on purpose, not read as illness checks: its file
    # carries no unit, and a wrong unit would raise (or hide) a fever red flag.
    assert not IllnessCheck.objects.exists()
    overlap = next(r for r in importing.summary(job) if r["kind"] == "sleep")["reasons"]
    assert overlap == [{"reason": "It overlaps sleep already in firsttouch.", "count": 1}]

    ada = Baby.objects.get(family=alice.family)
    assert (ada.name, ada.birth_date.isoformat()) == ("Ada Byron", "2025-03-01")
    # Alice's family is in London: summer times are BST (UTC+1), winter times GMT.
    summer = Sleep.objects.get(baby=ada, start=utc("2025-06-15 20:00:00"))
    assert summer.end == utc("2025-06-16 04:30:00")
    assert Sleep.objects.filter(baby=ada, start=utc("2025-12-01 21:00:00")).exists()
    assert Feed.objects.get(baby=ada, kind="bottle").amount_ml == 118  # 4 fl oz
    assert Feed.objects.get(baby=ada, kind="breast").side == "right"
    assert Feed.objects.get(baby=ada, kind="solids").notes == "Banana"
    assert Nappy.objects.get(baby=ada, dirty=True).colour == "green"
    assert Growth.objects.get(baby=ada).weight_g == 6577  # 14.5 lb
    assert Note.objects.filter(baby=ada, notes="Tummy time, 4 min.").exists()
    assert Note.objects.get(baby=ada, notes__startswith="Rolled").time == utc("2025-07-02 16:45:00")
    assert not ImportRow.objects.exists()


def test_the_same_file_read_in_another_time_zone_lands_at_other_instants(bob: Member) -> None:
    run(importing.start_csv_import(bob.family, bob.user, files("child", "sleep")))
    ada = Baby.objects.get(family=bob.family)
    # Bob's family is in New York: 21:00 in June is 01:00 UTC the next day (EDT, UTC-4).
    assert Sleep.objects.filter(baby=ada, start=utc("2025-06-16 01:00:00")).exists()
    assert Sleep.objects.filter(baby=ada, start=utc("2025-12-02 02:00:00")).exists()


def test_times_can_be_read_in_the_baby_buddy_servers_time_zone(alice: Member) -> None:
    run(
        importing.start_csv_import(
            alice.family, alice.user, files("child", "sleep"), time_zone="UTC"
        )
    )
    assert Sleep.objects.filter(start=utc("2025-06-15 21:00:00")).exists()
    with pytest.raises(importing.ImportRefused) as refused:
        importing.start_csv_import(
            alice.family, alice.user, files("sleep"), time_zone="Mars/Olympus"
        )
    assert refused.value.field == "time_zone"


def test_importing_the_same_files_twice_creates_nothing_new(alice: Member) -> None:
    first = run(importing.start_csv_import(alice.family, alice.user, files(*KINDS)))
    counts = {m.__name__: m.objects.count() for m in (Baby, Sleep, Feed, Nappy, Growth, Note)}
    second = run(importing.start_csv_import(alice.family, alice.user, files(*KINDS)))
    assert second.processed == first.processed
    assert all(imported == 0 for imported, _ in tally(second).values())
    assert {
        m.__name__: m.objects.count() for m in (Baby, Sleep, Feed, Nappy, Growth, Note)
    } == counts


def test_rows_without_ids_or_children_go_to_the_chosen_baby_once(alice: Member, mia: Baby) -> None:
    # The shape of Baby Buddy's own import samples: no id, no child names.
    sample = (
        b"child_id,start,nap,end,notes\n"
        b"1,2025-05-10 19:00:00,0,2025-05-10 23:00:00,\n"
        b"1,2025-05-11 19:00:00,0,2025-05-11 23:30:00,\n"
    )
    refused = run(importing.start_csv_import(alice.family, alice.user, [("sleep.csv", sample)]))
    assert tally(refused)["sleep"] == (0, 2)
    assert not Sleep.objects.exists()

    for _ in range(2):
        job = run(
            importing.start_csv_import(
                alice.family, alice.user, [("sleep.csv", sample)], fallback_baby=mia
            )
        )
    assert tally(job)["sleep"] == (0, 2)
    assert Sleep.objects.filter(baby=mia).count() == 2


def test_rows_find_their_baby_by_the_child_name_in_the_export(alice: Member) -> None:
    ada = Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 1))
    run(importing.start_csv_import(alice.family, alice.user, files("sleep", "note")))
    assert Sleep.objects.filter(baby=ada).count() == 3
    assert Baby.objects.filter(family=alice.family).count() == 1


def test_a_zip_of_exports_is_read_like_the_files(alice: Member) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files(*KINDS):
            archive.writestr(f"export/{name}", content)
    job = run(
        importing.start_csv_import(alice.family, alice.user, [("babybuddy.zip", buffer.getvalue())])
    )
    assert tally(job)["sleep"] == (3, 1)


def test_a_file_that_is_no_export_is_refused_and_nothing_is_saved(alice: Member) -> None:
    with pytest.raises(importing.ImportRefused, match="No Baby Buddy rows") as refused:
        importing.start_csv_import(alice.family, alice.user, files("temperature"))
    assert refused.value.field == "files"
    assert not ImportJob.objects.exists()


def test_a_future_row_is_skipped_with_its_reason(alice: Member, mia: Baby) -> None:
    later = "2199-01-01 10:00:00"
    csv = f"id,child_id,note,time\n9,1,From the future,{later}\n".encode()
    job = run(
        importing.start_csv_import(alice.family, alice.user, [("note.csv", csv)], fallback_baby=mia)
    )
    row = next(r for r in importing.summary(job) if r["kind"] == "note")
    assert row["skipped"] == 1
    assert "future" in row["reasons"][0]["reason"]
    assert not Note.objects.exists()


def test_deleting_the_family_deletes_its_imports(alice: Member) -> None:
    run(importing.start_csv_import(alice.family, alice.user, files(*KINDS)))
    assert ImportedRecord.objects.exists()
    deletion.delete_account(alice.user)
    assert not ImportJob.objects.exists()
    assert not ImportedRecord.objects.exists()


# --- The API and the page ---------------------------------------------------------------------


def _auth(member: Member) -> dict[str, str]:
    _, token = ApiToken.issue(member.user, "import")
    return {"Authorization": f"Bearer {token}"}


def _uploads(*names: str) -> list[io.BytesIO]:
    out = []
    for name, content in files(*names):
        upload = io.BytesIO(content)
        upload.name = name
        out.append(upload)
    return out


def test_the_api_takes_a_multipart_upload(alice: Member) -> None:
    client, auth = Client(), _auth(alice)
    response = client.post(
        "/api/v1/import/babybuddy-csv",
        {"files": _uploads(*KINDS), "weight_unit": "lb"},
        headers=auth,
    )
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["source"] == "csv" and job["total"] == 13
    while job["state"] == "running":
        job = client.post(f"/api/v1/import/{job['id']}/step", headers=auth).json()
    assert Growth.objects.get().weight_g == 6577


def test_bob_cannot_send_rows_to_alices_baby(alice: Member, mia: Baby, bob: Member) -> None:
    response = Client().post(
        "/api/v1/import/babybuddy-csv",
        {"files": _uploads("sleep"), "baby": str(mia.pk)},
        headers=_auth(bob),
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not ImportJob.objects.exists()
    page = bob.client().post(
        "/data/import/babybuddy-csv/",
        {
            "files": _uploads("sleep"),
            "baby": str(mia.pk),
            "weight_unit": "kg",
            "volume_unit": "ml",
            "time_zone": "America/New_York",
        },
    )
    assert page.status_code == 400
    assert b"Select a valid choice" in page.content
    assert not ImportJob.objects.exists()


def test_the_page_uploads_files_and_shows_the_summary(alice: Member) -> None:
    client = alice.client()
    response = client.post(
        "/data/import/babybuddy-csv/",
        {
            "files": _uploads(*KINDS),
            "weight_unit": "kg",
            "volume_unit": "ml",
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    # Without JavaScript: the "Continue" form posts the step and comes back to the page.
    while True:
        shown = client.post(f"/data/import/{job.pk}/step/", follow=True)
        if b"Import finished" in shown.content:
            break
    assert b"1 skipped: It overlaps sleep already in firsttouch." in shown.content
    assert b"Earlier imports" in client.get("/data/import/").content


def test_a_refused_value_is_named_in_the_reason(alice: Member, mia: Baby) -> None:
    csv = (
        b"id,child_id,start,end,type,method,amount,notes\n"
        b"5,1,2025-06-16 09:00:00,2025-06-16 09:15:00,formula,bottle,900,\n"
        b"6,1,2025-06-16 12:00:00,2025-06-16 12:15:00,formula,bottle,0.2,\n"
    )
    job = run(
        importing.start_csv_import(
            alice.family, alice.user, [("feeding.csv", csv)], fallback_baby=mia
        )
    )
    row = next(r for r in importing.summary(job) if r["kind"] == "feeding")
    assert (row["imported"], row["skipped"]) == (1, 1)
    assert (
        row["reasons"][0]["reason"] == "Amount ml: Ensure this value is less than or equal to 500."
    )
    tiny = Feed.objects.get(baby=mia)
    assert tiny.amount_ml is None and tiny.notes == "Amount in Baby Buddy: 0.2."


def test_a_row_imported_before_through_the_api_is_not_doubled_by_the_csv(
    alice: Member, mia: Baby
) -> None:
    # The API gives microseconds; the CSV export of the same change whole seconds.
    Nappy.objects.create(
        baby=mia, time=datetime(2025, 6, 16, 5, 25, 0, 578437, tzinfo=UTC), wet=True
    )
    csv = b"id,child_first_name,child_last_name,time,wet,solid\n7,Mia,,2025-06-16 06:25:00,1,0\n"
    job = run(importing.start_csv_import(alice.family, alice.user, [("changes.csv", csv)]))
    row = next(r for r in importing.summary(job) if r["kind"] == "diaperchange")
    assert row["reasons"] == [{"reason": importing.ALREADY_THERE, "count": 1}]
    assert Nappy.objects.count() == 1
