"""The research exports, built from a study's data without HTTP: each format's structure, the
pseudonymisation, the concealment while recruiting, and the formula guard."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from firsttouch.programs.models import AccessLog, AppendOnlyError, Organisation
from firsttouch.studies import exports, services
from firsttouch.studies.dataset import study_data
from firsttouch.studies.models import Assessment, Participant, Study, StudyExport
from firsttouch.wellbeing.fhir import fhir_model
from firsttouch.wellbeing.instruments import epds
from firsttouch.wellbeing.models import Response
from tests.cast import Member

from .helpers import make_organisation, make_recruiting_study

pytestmark = pytest.mark.django_db
FIRST = {"parity": "first baby"}


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def study(org: Organisation) -> Study:
    return make_recruiting_study(org)


def scored(
    participant: Participant, member: Member, time_point: str, total: int, day: int = 0
) -> Assessment:
    """An EPDS response with ``total`` (and every item answered) as her assessment."""
    answers = [
        {"link_id": item.link_id, "index": 1, "text": item.options[1].text, "score": 1}
        for item in epds().items
    ]
    response = Response.objects.create(
        family=member.family,
        respondent=member.user,
        instrument_id="epds",
        instrument_version=epds().version,
        status="complete",
        completed_at=timezone.now(),
        total=total,
        answers=answers,
    )
    return Assessment.objects.create(
        participant=participant,
        time_point=time_point,
        instrument="epds",
        done_on=timezone.localdate(participant.enrolled_at) + timedelta(days=day),
        response_id=response.pk,
    )


def hers(study: Study, member: Member, code: str = "") -> Participant:
    """A participant enrolled from ``member``'s account and family."""
    participant = services.enrol(study, FIRST, code=code)
    participant.caregiver = member.user
    participant.family_id = member.family.pk
    participant.save()
    return participant


def release(study: Study, **kwargs: Any) -> exports.Release:
    study.refresh_from_db()
    return exports.release(study_data(study), shift_key=bytes(study.date_shift_key), **kwargs)


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def two(study: Study, alice: Member, bob: Member) -> tuple[Participant, Participant]:
    first, second = hers(study, alice), hers(study, bob)
    scored(first, alice, "baseline", 9)
    scored(first, alice, "week4", 7, day=28)
    scored(second, bob, "baseline", 12, day=2)
    return first, second


# --- CSV ----------------------------------------------------------------------------------


def test_the_csv_export_has_a_row_per_participant_per_time_point_and_a_dictionary(
    study: Study, two: tuple[Participant, Participant]
) -> None:
    services.close_recruitment(study)
    with zipfile.ZipFile(io.BytesIO(exports.csv_zip(release(study)))) as archive:
        names = set(archive.namelist())
        files = {n: archive.read(n).decode("utf-8-sig") for n in names}
    assert names == {"README.txt", "participants.csv", "assessments.csv", "data_dictionary.csv"}
    people = read_csv(files["participants.csv"])
    assert [p["participant"] for p in people] == [p.code for p in two]
    assert list(people[0]) == [
        "participant",
        "arm",
        "stratum",
        "enrolled_on",
        "withdrawn_on",
        "withdrawal_day",
        "data_withdrawn",
    ]
    rows = read_csv(files["assessments.csv"])
    assert [(r["participant"], r["time_point"]) for r in rows] == [
        (two[0].code, "baseline"),
        (two[0].code, "week4"),
        (two[1].code, "baseline"),
        (two[1].code, "week4"),
    ]
    assert [r["epds_total"] for r in rows] == ["9", "7", "12", ""]
    assert rows[1]["epds_day"] == "28" and rows[2]["epds_day"] == "2"
    assert rows[0]["epds_item_10"] == "1"
    dictionary = read_csv(files["data_dictionary.csv"])
    described = {(d["file"], d["name"]) for d in dictionary}
    for name in ("participants.csv", "assessments.csv"):
        header = next(csv.reader(io.StringIO(files[name])))
        assert {(name, column) for column in header} <= described
    total = next(d for d in dictionary if d["name"] == "epds_total")
    assert (total["type"], total["allowed"], total["instrument"]) == ("integer", "0 to 30", "epds")
    assert total["instrument_version"] == epds().version
    stratum = next(d for d in dictionary if d["name"] == "stratum")
    assert stratum["allowed"] == '[["parity","first baby"]]; [["parity","not first"]]'
    arm = next(d for d in dictionary if d["name"] == "arm")
    assert arm["allowed"] == "usual care; massage"
    item = next(d for d in dictionary if d["name"] == "epds_item_1")
    assert item["allowed"].startswith("0 = ")
    assert "Intention to treat" in files["README.txt"]
    assert "Pseudonymised" in files["README.txt"]


def test_a_text_cell_that_would_be_a_formula_is_written_as_text(
    study: Study, alice: Member
) -> None:
    hers(study, alice, code="=SUM(A1:A9)")
    files = exports.csv_files(release(study))
    (row,) = read_csv(files["participants.csv"])
    assert row["participant"] == "'=SUM(A1:A9)"
    records = read_csv(exports.redcap_files(release(study))["records.csv"])
    assert records[0]["record_id"] == "'=SUM(A1:A9)"


# --- Pseudonymisation ---------------------------------------------------------------------


def everything(r: exports.Release) -> str:
    return "\n".join(
        [*exports.csv_files(r).values(), *exports.redcap_files(r).values()]
    ) + json.dumps(exports.fhir_bundle(r))


def test_a_pseudonymised_export_names_nobody(
    study: Study, alice: Member, bob: Member, two: tuple[Participant, Participant]
) -> None:
    services.close_recruitment(study)
    text = everything(release(study)).lower()
    for member in (alice, bob):
        assert member.user.email.lower() not in text
        assert member.user.get_full_name().lower() not in text
    assert "caregiver_id" not in text and "family_id" not in text
    named = everything(release(study, named=exports.identities(study_data(study))))
    assert alice.user.email in named and bob.user.get_full_name() in named


def test_dates_shift_alike_for_each_participant_and_in_every_export(
    study: Study, two: tuple[Participant, Participant]
) -> None:
    first_export = read_csv(exports.csv_files(release(study))["assessments.csv"])
    again = read_csv(exports.csv_files(release(study))["assessments.csv"])
    assert first_export == again
    people = {
        p["participant"]: p for p in read_csv(exports.csv_files(release(study))["participants.csv"])
    }
    key = bytes(Study.objects.get(pk=study.pk).date_shift_key)
    for participant in two:
        shift = exports.date_shift(key, participant.code)
        assert shift != 0 and -180 <= shift <= 180
        real = timezone.localdate(participant.enrolled_at)
        assert people[participant.code]["enrolled_on"] == (real + timedelta(days=shift)).isoformat()
        for row in first_export:
            if row["participant"] == participant.code and row["epds_done_on"]:
                done = date.fromisoformat(row["epds_done_on"])
                assert done - date.fromisoformat(people[participant.code]["enrolled_on"]) == (
                    timedelta(days=int(row["epds_day"]))
                )
                assert done != real + timedelta(days=int(row["epds_day"]))
    unshifted = read_csv(exports.csv_files(release(study, shift_dates=False))["participants.csv"])
    assert unshifted[0]["enrolled_on"] == timezone.localdate(two[0].enrolled_at).isoformat()


def test_shifts_differ_between_studies_and_cover_the_range() -> None:
    shifts = {exports.date_shift(b"k" * 32, f"P-{n}") for n in range(2000)}
    assert 0 not in shifts and min(shifts) == -180 and max(shifts) == 180
    assert exports.date_shift(b"a" * 32, "P-1") != exports.date_shift(b"b" * 32, "P-1") or (
        exports.date_shift(b"a" * 32, "P-2") != exports.date_shift(b"b" * 32, "P-2")
    )


# --- Concealment --------------------------------------------------------------------------


def test_while_recruiting_no_export_reveals_an_allocation(
    study: Study, two: tuple[Participant, Participant]
) -> None:
    r = release(study)
    files = exports.csv_files(r)
    assert "arm" not in read_csv(files["participants.csv"])[0]
    assert "arm" not in read_csv(files["assessments.csv"])[0]
    assert "allocations are NOT included" in files["README.txt"]
    redcap = exports.redcap_files(r)
    assert "arm" not in {
        row["Variable / Field Name"] for row in read_csv(redcap["data_dictionary.csv"])
    }
    assert "arm" not in read_csv(redcap["records.csv"])[0]
    subjects = [
        e["resource"]
        for e in exports.fhir_bundle(r)["entry"]
        if e["resource"]["resourceType"] == "ResearchSubject"
    ]
    assert len(subjects) == 2 and not any("assignedArm" in s for s in subjects)
    for participant in two:
        assert participant.arm.name not in "".join(
            line for line in files["participants.csv"].splitlines()
        )

    services.close_recruitment(study)
    closed = release(study)
    people = read_csv(exports.csv_files(closed)["participants.csv"])
    assert [p["arm"] for p in people] == [p.arm.name for p in two]
    subjects = [
        e["resource"]
        for e in exports.fhir_bundle(closed)["entry"]
        if e["resource"]["resourceType"] == "ResearchSubject"
    ]
    assert [s["assignedArm"] for s in subjects] == [p.arm.name for p in two]


# --- REDCap -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parts",
    [
        ("epds", "item", "1"),
        ("9-item Patient Health Questionnaire", "total"),
        ("Ünïcode  measure!!", "massage sessions per week, logged by parents"),
        ("_", "-"),
        ("a" * 60,),
    ],
)
def test_variable_names_follow_redcaps_rules(parts: tuple[str, ...]) -> None:
    name = exports.variable_name(*parts)
    assert exports.NAME_RULE.match(name) and len(name) <= 26
    assert exports.variable_name(*parts) == name


def test_long_names_stay_apart() -> None:
    assert exports.variable_name("a" * 40, "1") != exports.variable_name("a" * 40, "2")


def test_the_redcap_export_is_a_longitudinal_project(
    study: Study, two: tuple[Participant, Participant]
) -> None:
    services.close_recruitment(study)
    files = exports.redcap_files(release(study))
    assert next(csv.reader(io.StringIO(files["data_dictionary.csv"]))) == list(
        exports.REDCAP_HEADER
    )
    fields = read_csv(files["data_dictionary.csv"])
    assert fields[0]["Variable / Field Name"] == "record_id"
    assert fields[0]["Form Name"] == "participant"
    assert {f["Form Name"] for f in fields} == {"participant", "epds"}
    for f in fields:
        name = f["Variable / Field Name"]
        assert exports.NAME_RULE.match(name) and len(name) <= 26, name
        assert exports.NAME_RULE.match(f["Form Name"])
    item = next(f for f in fields if f["Variable / Field Name"] == "epds_item_1")
    assert item["Field Type"] == "radio" and item[
        "Choices, Calculations, OR Slider Labels"
    ].startswith("0, ")
    total = next(f for f in fields if f["Variable / Field Name"] == "epds_total")
    assert (total["Text Validation Type OR Show Slider Number"], total["Text Validation Max"]) == (
        "integer",
        "30",
    )
    arm = next(f for f in fields if f["Variable / Field Name"] == "arm")
    assert arm["Choices, Calculations, OR Slider Labels"] == "1, usual care | 2, massage"
    mapping = read_csv(files["instrument_event_mapping.csv"])
    assert [(m["unique_event_name"], m["form"]) for m in mapping] == [
        ("baseline_arm_1", "participant"),
        ("baseline_arm_1", "epds"),
        ("week4_arm_1", "epds"),
    ]
    records = read_csv(files["records.csv"])
    assert [(r["record_id"], r["redcap_event_name"]) for r in records] == [
        (two[0].code, "baseline_arm_1"),
        (two[0].code, "week4_arm_1"),
        (two[1].code, "baseline_arm_1"),
    ]
    assert records[0]["participant_complete"] == "2" and records[1]["participant_complete"] == ""
    assert records[1]["epds_total"] == "7" and records[1]["epds_complete"] == "2"
    header = next(csv.reader(io.StringIO(files["records.csv"])))
    known = {f["Variable / Field Name"] for f in fields}
    assert set(header) - known == {"redcap_event_name", "participant_complete", "epds_complete"}


# --- FHIR ---------------------------------------------------------------------------------


def test_the_fhir_bundle_holds_the_study_its_subjects_and_their_responses(
    study: Study, two: tuple[Participant, Participant]
) -> None:
    Study.objects.filter(pk=study.pk).update(registration_id="ISRCTN12345678")
    services.withdraw(two[1], keeps_data=True, reason="moved")
    bundle = exports.fhir_bundle(release(study))
    fhir_model("Bundle").model_validate(bundle)
    assert bundle["type"] == "collection"
    by_type: dict[str, list[dict[str, Any]]] = {}
    urls = set()
    for entry in bundle["entry"]:
        resource = entry["resource"]
        fhir_model(resource["resourceType"]).model_validate(resource)
        by_type.setdefault(resource["resourceType"], []).append(resource)
        urls.add(entry["fullUrl"])
    (research,) = by_type["ResearchStudy"]
    assert research["status"] == "active" and research["title"] == study.title
    assert research["identifier"][0]["value"] == "ISRCTN12345678"
    assert [a["name"] for a in research["arm"]] == ["massage", "usual care"]
    subjects = by_type["ResearchSubject"]
    assert [s["status"] for s in subjects] == ["on-study", "withdrawn"]
    assert [s["individual"]["identifier"]["value"] for s in subjects] == [p.code for p in two]
    assert all(s["study"]["reference"] in urls for s in subjects)
    assert [q["url"] for q in by_type["Questionnaire"]] == ["urn:firsttouch:questionnaire:epds"]
    responses = by_type["QuestionnaireResponse"]
    assert len(responses) == 3
    assert all(r["subject"]["reference"] in urls for r in responses)
    assert responses[0]["item"][0]["answer"][0]["valueCoding"]["code"] == "1"
    # The language version answered (decision 0023): the published English EPDS here.
    assert [r["language"] for r in responses] == ["en", "en", "en"]
    assert "Patient" not in by_type


# --- Recording ----------------------------------------------------------------------------


def test_an_identifiable_export_needs_a_reason_and_is_logged_once_per_family(
    study: Study, org: Organisation, two: tuple[Participant, Participant], alice: Member
) -> None:
    from django.core.exceptions import ValidationError

    staff = alice.user  # who exports does not matter to the service; the view guards roles
    with pytest.raises(ValidationError):
        exports.export_study(
            study, fmt="csv", exported_by=staff, organisation=org, identifiable=True, reason=" "
        )
    assert not StudyExport.objects.exists() and not AccessLog.objects.exists()
    exports.export_study(study, fmt="fhir", exported_by=staff, organisation=org)
    assert not AccessLog.objects.exists()
    made = exports.export_study(
        study,
        fmt="csv",
        exported_by=staff,
        organisation=org,
        identifiable=True,
        reason="Linking to the hospital's records (ethics amendment 3)",
    )
    assert made.filename.endswith("-identifiable.zip")
    logs = list(AccessLog.objects.order_by("family_id"))
    assert sorted(log.family_id for log in logs) == sorted(p.family_id for p in two)  # type: ignore[type-var]
    assert all(log.categories == "study" and "ethics amendment" in log.why for log in logs)
    latest, pseudonymised = StudyExport.objects.all()
    assert (latest.identifiable, latest.shifted, latest.format) == (True, False, "csv")
    assert (pseudonymised.identifiable, pseudonymised.shifted, pseudonymised.reason) == (
        False,
        True,
        "",
    )
    with pytest.raises(AppendOnlyError):
        latest.save()
    with pytest.raises(AppendOnlyError):
        StudyExport.objects.all().delete()


def test_a_logged_measure_gets_its_own_columns_with_valid_names(
    study: Study, two: tuple[Participant, Participant]
) -> None:
    Assessment.objects.create(
        participant=two[0],
        time_point="week4",
        instrument="Massage log (parents)",
        done_on=timezone.localdate(two[0].enrolled_at) + timedelta(days=27),
        values={"massage_sessions": 12, "minutes per day, on average": 14.5},
    )
    r = release(study)
    rows = read_csv(exports.csv_files(r)["assessments.csv"])
    instrument = "Massage log (parents)"
    assert rows[1][exports.variable_name(instrument, "massage_sessions")] == "12"
    assert rows[1][exports.variable_name(instrument, "minutes per day, on average")] == "14.5"
    assert rows[1][exports.variable_name(instrument, "day")] == "27"
    assert rows[0][exports.variable_name(instrument, "massage_sessions")] == ""
    dictionary = {d["name"]: d for d in read_csv(exports.csv_files(r)["data_dictionary.csv"])}
    logged = [d for name, d in dictionary.items() if name.startswith("massage_log")]
    assert sorted(d["type"] for d in logged) == ["date", "integer", "integer", "number"]
    assert {d["instrument"] for d in logged} == {instrument}
    fields = read_csv(exports.redcap_files(r)["data_dictionary.csv"])
    for f in fields:
        assert exports.NAME_RULE.match(f["Variable / Field Name"]), f
        assert len(f["Variable / Field Name"]) <= 26, f
    assert "massage_log_parents" in {f["Form Name"] for f in fields}
