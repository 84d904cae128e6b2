"""The access log: append-only at the model, one writer, the family's view, the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction

from firsttouch.programs import audit
from firsttouch.programs.models import AccessLog, AppendOnlyError, Organisation, StaffRole
from tests.cast import Member
from tests.staff import make_staff, verified_client


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


@pytest.fixture
def row(alice: Member, clinic: Organisation) -> AccessLog:
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    return audit.record_access(
        staff=nurse,
        organisation=clinic,
        family=alice.family,
        categories={"notes", "baby_logs"},
        what="family summary",
        why="caseload",
    )


def test_a_read_is_recorded_with_who_what_why(row: AccessLog, alice: Member) -> None:
    stored = AccessLog.objects.get()
    assert stored.family_id == alice.family.pk
    assert stored.categories == "baby_logs,notes"
    assert (stored.what, stored.why) == ("family summary", "caseload")
    assert stored.staff.email == "nurse@river.test"


def test_a_row_cannot_be_changed(row: AccessLog) -> None:
    row.why = "nothing to see"
    with pytest.raises(AppendOnlyError):
        row.save()
    assert AccessLog.objects.get().why == "caseload"


def test_a_row_cannot_be_deleted(row: AccessLog) -> None:
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).delete()
    assert AccessLog.objects.count() == 1


def test_the_log_cannot_be_updated_in_bulk(row: AccessLog) -> None:
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().update(why="rewritten")
    assert AccessLog.objects.get().why == "caseload"


def test_the_family_sees_only_reads_of_its_own_data(
    row: AccessLog, alice: Member, bob: Member
) -> None:
    assert audit.reads_of(alice.family) == [row]
    assert audit.reads_of(bob.family) == []


def test_the_export_neutralises_formulas(alice: Member, clinic: Organisation) -> None:
    sly = make_staff(clinic, "sly@river.test", "=HYPERLINK(x)")
    audit.record_access(
        staff=sly,
        organisation=clinic,
        family=alice.family,
        categories={"notes"},
        what="family summary",
        why="+cmd",
    )
    rows = list(csv.reader(io.StringIO(audit.export_csv(clinic))))
    assert rows[0] == audit.CSV_HEADER
    assert rows[1][1].startswith("'=HYPERLINK") and rows[1][7] == "'+cmd"


def test_only_an_org_admin_downloads_the_log(row: AccessLog, clinic: Organisation) -> None:
    url = f"/staff/{clinic.pk}/access-log.csv"
    admin = make_staff(clinic, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    reply = verified_client(admin).get(url)
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("text/csv")
    assert "Nina" in reply.content.decode() and "caseload" in reply.content.decode()
    nurse = AccessLog.objects.get().staff
    assert verified_client(nurse).get(url).status_code == 404


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE programs_accesslog SET why = 'rewritten'",
        "DELETE FROM programs_accesslog",
    ],
)
def test_postgresql_refuses_a_raw_change_too(row: AccessLog, statement: str) -> None:
    """The trigger (migration 0006): a query that bypasses the model is refused as well."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL; the model's refusal is tested above")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AccessLog.objects.get().why == "caseload"
