"""The CSV export: one file per kind, UTC and local times, and a dictionary for every column."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.portability import export
from firsttouch.portability.tests.factories import fill
from firsttouch.tracking.models import IllnessCheck
from tests.cast import Member


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_zip_has_a_file_for_each_kind_and_the_dictionary(alice: Member, mia: Baby) -> None:
    fill(alice, mia)
    with zipfile.ZipFile(io.BytesIO(export.export_zip(alice.user, alice.family))) as archive:
        names = set(archive.namelist())
        babies = archive.read("babies.csv").decode("utf-8-sig")
    assert {
        "babies.csv",
        "sleep.csv",
        "crying.csv",
        "feed.csv",
        "nappy.csv",
        "gas.csv",
        "teething.csv",
        "growth.csv",
        "note.csv",
        "illness.csv",
        "massage_sessions.csv",
        "massagers.csv",
        "screenings.csv",
        "screening_answers.csv",
        "mood.csv",
        "self_care.csv",
        "symptoms.csv",
        "lactation_sessions.csv",
        "data-dictionary.csv",
    } == names
    assert read(babies)[0]["name"] == "Mia"


def test_times_are_in_utc_with_a_local_column_beside(bob: Member, leo: Baby) -> None:
    logged = fill(bob, leo)
    rows = read(export.csv_files(bob.user, bob.family)["sleep.csv"])
    start = logged.sleep.start
    assert rows[0]["start"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Bob's family lives in New York: the local column carries that offset.
    local = start.astimezone(ZoneInfo("America/New_York"))
    assert rows[0]["start_local"] == local.isoformat()
    assert rows[0]["start_local"][-6:] in {"-05:00", "-04:00"}


def test_rows_carry_the_logged_values(alice: Member, mia: Baby) -> None:
    fill(alice, mia)
    files = export.csv_files(alice.user, alice.family)
    growth = read(files["growth.csv"])[0]
    assert (growth["weight_g"], growth["length_cm"], growth["baby_id"]) == (
        "4870",
        "55.5",
        str(mia.pk),
    )
    feed = read(files["feed.csv"])[0]
    assert (feed["kind"], feed["amount_ml"], feed["end"]) == ("bottle", "90", "")
    answers = read(files["screening_answers.csv"])
    assert len(answers) == 10 and {a["score"] for a in answers} == {"1"}
    screening = read(files["screenings.csv"])[0]
    assert (screening["instrument_id"], screening["total"]) == ("epds", "10")
    assert read(files["self_care.csv"])[0]["sun"] == "true"


def test_the_dictionary_explains_every_column_of_every_file(alice: Member, mia: Baby) -> None:
    fill(alice, mia)
    files = export.csv_files(alice.user, alice.family)
    dictionary = read(files.pop(export.DICTIONARY))
    described = {(row["file"], row["column"]) for row in dictionary}
    for name, text in files.items():
        header = next(csv.reader(io.StringIO(text)))
        for column in header:
            assert (name, column) in described, f"{name}:{column} is not in the dictionary"
    assert all(row["meaning"] and row["type"] for row in dictionary)
    by_key = {(r["file"], r["column"]): r for r in dictionary}
    assert by_key[("growth.csv", "weight_g")]["unit"] == "g"
    assert by_key[("growth.csv", "length_cm")]["unit"] == "cm"
    assert "inconsolable = Inconsolable" in by_key[("crying.csv", "intensity")]["allowed_values"]
    assert "Completed weeks of pregnancy" in by_key[("babies.csv", "gestational_weeks")]["meaning"]


def test_an_empty_family_still_gets_headers(alice: Member) -> None:
    files = export.csv_files(alice.user, alice.family)
    assert files["sleep.csv"].startswith("id,baby_id,")
    assert len(read(files["sleep.csv"])) == 0


def test_the_filename_is_dated(alice: Member) -> None:
    assert export.filename(alice.family, "zip").startswith("firsttouch-export-20")


def test_temperatures_and_signs_of_illness_are_exported(alice: Member, mia: Baby) -> None:
    IllnessCheck.objects.create(
        baby=mia,
        time=timezone.now() - timedelta(hours=1),
        temperature_c=Decimal("38.2"),
        signs=["feeding_poorly", "vomiting"],
    )
    files = export.csv_files(alice.user, alice.family)
    [row] = read(files["illness.csv"])
    assert row["temperature_c"] == "38.2"
    assert "feeding_poorly" in row["signs"] and "vomiting" in row["signs"]
    described = {(r["file"], r["column"]) for r in read(files[export.DICTIONARY])}
    assert ("illness.csv", "temperature_c") in described
