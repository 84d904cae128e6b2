"""A study's research data as files a statistician or a data centre can load: CSV with a data
dictionary, a REDCap project (dictionary, records, event mapping) and a FHIR R4 Bundle.

Every format is built from one ``Release``, made by ``release`` from ``StudyData``: that is
where the pseudonymisation and the concealment are applied, once, so no format can forget
them (docs/decisions/0012-study-exports.md):

- Participants are named by their study code only; names and e-mail addresses appear only in
  an identifiable release, which the caller records with the exporter's reason. Account and
  family ids never leave.
- Dates are shifted per participant by a whole number of days (never 0) derived with HMAC
  from the study's ``date_shift_key`` and her code, so every export of the study shifts her
  dates alike; the days since enrolment are computed before shifting and stay exact.
- While the study recruits, no allocation leaves: the arm column and the ResearchSubject's
  arm are left out (decision 0010: allocations and per-arm counts narrow down the end of a
  block). Once the study is closed they are included.

The builders are pure functions over the release; only ``identities`` reads the database.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext

from firsttouch.portability.export import neutralise
from firsttouch.wellbeing import fhir as wellbeing_fhir
from firsttouch.wellbeing.instruments import Instrument, instruments

from .access import shows_arms
from .analysis import ITT
from .dataset import AssessmentRecord, StudyData
from .models import StudyStatus

MAX_SHIFT_DAYS = 180
# REDCap accepts longer names but recommends 26 characters at most; every name is kept there.
MAX_NAME = 26
NAME_RULE = re.compile(r"^[a-z][a-z0-9_]*$")
PARTICIPANT_SYSTEM = "urn:firsttouch:study:{study}:participant"
EXT_TIME_POINT = wellbeing_fhir.EXT + "study-time-point"
EXT_STUDY_DAY = wellbeing_fhir.EXT + "study-day"
NAMESPACE = uuid.UUID("0c9c7e0e-5f7a-4d8e-9b51-3f1f5a7d2c11")


# --- Pseudonymisation ----------------------------------------------------------------------


def date_shift(key: bytes, code: str) -> int:
    """Her shift in days: -180..-1 or 1..180, the same for every export of the study.

    Zero is excluded: a participant whose dates came out unshifted would be the one whose
    dates are real."""
    digest = hmac.new(bytes(key), code.encode("utf-8"), hashlib.sha256).digest()
    n = int.from_bytes(digest[:8], "big") % (2 * MAX_SHIFT_DAYS)
    return n - MAX_SHIFT_DAYS if n < MAX_SHIFT_DAYS else n - MAX_SHIFT_DAYS + 1


@dataclass(frozen=True)
class Identity:
    """What an identifiable export adds about a participant."""

    name: str
    email: str


def identities(data: StudyData) -> dict[str, Identity]:
    """Participant code -> her name and e-mail, for an identifiable export only."""
    from firsttouch.accounts.models import User

    users = User.objects.in_bulk([p.caregiver_id for p in data.participants if p.caregiver_id])
    found = {}
    for p in data.participants:
        user = users.get(p.caregiver_id) if p.caregiver_id else None
        if user is not None:
            found[p.code] = Identity(name=user.get_full_name(), email=user.email)
    return found


@dataclass(frozen=True)
class Subject:
    """One participant as she leaves the app."""

    code: str
    arm: str | None  # None while the study recruits
    stratum: str
    enrolled_on: date
    withdrawn_on: date | None
    withdrawal_day: int | None  # days from enrolment to withdrawal, exact
    data_withdrawn: bool
    identity: Identity | None = None


@dataclass(frozen=True)
class Measured:
    """One assessment as it leaves the app: its date shifted, its day from enrolment exact."""

    instrument: str
    version: str
    done_on: date
    day: int
    total: float | None
    subscales: Mapping[str, float]
    answers: Mapping[str, int]
    values: Mapping[str, Any]
    language: str = ""  # the language version answered; "" for a non-questionnaire


@dataclass(frozen=True)
class Visit:
    """One participant at one time point, with each instrument she did there."""

    code: str
    arm: str | None
    time_point: str
    measured: Mapping[str, Measured]


@dataclass(frozen=True)
class Release:
    """The study's data as it may leave: see the module docstring for what was applied."""

    data: StudyData
    subjects: tuple[Subject, ...]
    visits: tuple[Visit, ...]
    instruments: tuple[str, ...]  # in schedule order
    questionnaires: Mapping[str, Instrument]  # the ones found in the registry
    versions: Mapping[str, tuple[str, ...]]
    arms_shown: bool
    shifted: bool
    identifiable: bool

    @property
    def study(self) -> Any:
        return self.data.study


def release(
    data: StudyData,
    *,
    shift_key: bytes,
    shift_dates: bool = True,
    named: Mapping[str, Identity] | None = None,
) -> Release:
    """Apply the export rules to the study's data. ``named`` (from ``identities``) makes the
    release identifiable: names and e-mails added, dates real whatever ``shift_dates`` says."""
    identifiable = named is not None
    shifting = shift_dates and not identifiable
    arms_shown = shows_arms(data.study)
    enrolled = {p.code: p.enrolled_on for p in data.participants}
    shift = {
        p.code: timedelta(days=date_shift(shift_key, p.code) if shifting else 0)
        for p in data.participants
    }
    subjects = tuple(
        Subject(
            code=p.code,
            arm=p.arm if arms_shown else None,
            stratum=p.stratum,
            enrolled_on=p.enrolled_on + shift[p.code],
            withdrawn_on=p.withdrawn_on + shift[p.code] if p.withdrawn_on else None,
            withdrawal_day=(p.withdrawn_on - p.enrolled_on).days if p.withdrawn_on else None,
            data_withdrawn=p.data_withdrawn,
            identity=named.get(p.code) if named is not None else None,
        )
        for p in data.participants
    )
    order = [t.key for t in data.time_points]
    order += sorted({a.time_point for a in data.assessments} - set(order))
    names = [i for t in data.time_points for i in t.instruments]
    names += sorted({a.instrument for a in data.assessments})
    used = tuple(dict.fromkeys(names))
    by_visit: dict[tuple[str, str], dict[str, Measured]] = {}
    for a in data.assessments:
        by_visit.setdefault((a.code, a.time_point), {})[a.instrument] = _measured(
            a, enrolled[a.code], shift[a.code]
        )
    arm_of = {s.code: s.arm for s in subjects}
    visits = tuple(
        Visit(code=p.code, arm=arm_of[p.code], time_point=t, measured=by_visit.get((p.code, t), {}))
        for p in data.participants
        for t in order
    )
    versions = {
        i: tuple(
            sorted(
                {a.instrument_version for a in data.assessments if a.instrument == i} - {""},
                key=_version_order,
            )
        )
        for i in used
    }
    registry = instruments()
    questionnaires: dict[str, Instrument] = {}
    for i in used:
        found = registry.get(i, versions[i][-1]) if versions[i] else registry.get(i)
        if found is not None:
            questionnaires[i] = found
    return Release(
        data=data,
        subjects=subjects,
        visits=visits,
        instruments=used,
        questionnaires=questionnaires,
        versions=versions,
        arms_shown=arms_shown,
        shifted=shifting,
        identifiable=identifiable,
    )


def _version_order(version: str) -> tuple[int, ...]:
    """Instrument versions are dotted numbers: 1.10 comes after 1.9."""
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def _measured(a: AssessmentRecord, enrolled_on: date, shift: timedelta) -> Measured:
    return Measured(
        instrument=a.instrument,
        version=a.instrument_version,
        done_on=a.done_on + shift,
        day=(a.done_on - enrolled_on).days,
        total=a.total,
        subscales=a.subscales,
        answers=a.answers,
        values=a.values,
        language=a.instrument_language,
    )


# --- Names and columns ---------------------------------------------------------------------


def variable_name(*parts: str) -> str:
    """A name REDCap accepts (and every statistics package): lower case letters, digits and
    underscores, starting with a letter, at most 26 characters. Deterministic: a name too long
    keeps its start and ends with a short hash of the whole, so two long names stay apart."""
    raw = "_".join(parts)
    name = re.sub(r"[^a-z0-9]+", "_", raw.lower()).strip("_") or "v"
    if not name[0].isalpha():
        name = "v_" + name
    if len(name) > MAX_NAME:
        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:6]
        name = name[: MAX_NAME - 7].rstrip("_") + "_" + digest
    return name


@dataclass(frozen=True)
class Column:
    """One variable of the export, as the data dictionary describes it."""

    name: str
    label: str
    type: str  # text, integer, number, date, boolean
    allowed: str = ""  # allowed values or range, in words a reader and a program can use
    unit: str = ""
    instrument: str = ""
    version: str = ""
    choices: tuple[tuple[int, str], ...] = ()  # for a questionnaire item: score, answer
    identifier: bool = False


@dataclass(frozen=True)
class InstrumentColumns:
    """The columns of one instrument at a time point, and how to read them from a visit."""

    instrument: str
    columns: tuple[Column, ...]
    keys: tuple[tuple[str, str], ...] = field(default=())  # (kind, key) per column


def instrument_columns(r: Release, instrument: str) -> InstrumentColumns:
    q = r.questionnaires.get(instrument)
    version = ", ".join(r.versions.get(instrument, ())) or (q.version if q else "")
    title = q.name if q else instrument
    cols = [
        Column(
            variable_name(instrument, "done_on"),
            f"{title}: day done" + (" (shifted)" if r.shifted else ""),
            "date",
            "YYYY-MM-DD",
            instrument=instrument,
            version=version,
        ),
        Column(
            variable_name(instrument, "day"),
            f"{title}: days since enrolment (exact)",
            "integer",
            unit="days",
            instrument=instrument,
            version=version,
        ),
    ]
    keys = [("done_on", ""), ("day", "")]
    if q is not None:
        cols.append(
            Column(
                variable_name(instrument, "total"),
                f"{q.name} total score",
                "integer",
                f"0 to {q.max_score}",
                "points",
                instrument=instrument,
                version=version,
            )
        )
        keys.append(("total", ""))
        for sub in q.subscales:
            top = sum(item.max_score for item in q.items if item.link_id in sub.items)
            cols.append(
                Column(
                    variable_name(instrument, "sub", sub.id),
                    f"{q.name} subscale: {sub.title}",
                    "integer",
                    f"0 to {top}",
                    "points",
                    instrument=instrument,
                    version=version,
                )
            )
            keys.append(("subscale", sub.id))
        for item in q.items:
            choices = tuple((o.score, o.text) for o in item.options)
            cols.append(
                Column(
                    variable_name(instrument, "item", item.link_id),
                    f"{q.name} item {item.link_id}: {item.text}",
                    "integer",
                    "; ".join(f"{score} = {text}" for score, text in choices),
                    "points",
                    choices=choices,
                    instrument=instrument,
                    version=version,
                )
            )
            keys.append(("answer", item.link_id))
    else:
        measures = sorted(
            {
                m
                for v in r.visits
                for m in (v.measured[instrument].values if instrument in v.measured else {})
            }
        )
        for measure in measures:
            seen = [
                v.measured[instrument].values[measure]
                for v in r.visits
                if instrument in v.measured and measure in v.measured[instrument].values
            ]
            cols.append(
                Column(
                    variable_name(instrument, measure),
                    f"{instrument}: {measure.replace('_', ' ')}",
                    _value_type(seen),
                    instrument=instrument,
                    version=version,
                )
            )
            keys.append(("value", measure))
    return InstrumentColumns(instrument, tuple(cols), tuple(keys))


def _value_type(values: Sequence[Any]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    return "text"


def _read(measured: Measured | None, kind: str, key: str) -> Any:
    if measured is None:
        return None
    if kind == "done_on":
        return measured.done_on
    if kind == "day":
        return measured.day
    if kind == "total":
        return measured.total
    if kind == "subscale":
        return measured.subscales.get(key)
    if kind == "answer":
        return measured.answers.get(key)
    return measured.values.get(key)


def participant_columns(r: Release, redcap: bool = False) -> list[Column]:
    shifted = " (shifted)" if r.shifted else ""
    cols = [
        Column("participant", "Participant code (the study's pseudonym)", "text", identifier=False)
    ]
    if r.arms_shown:
        cols.append(
            Column("arm", "Allocated arm (intention to treat)", "text", "; ".join(r.data.arms))
        )
    strata = "; ".join(_strata(r))
    cols += [
        Column("stratum", "Stratum at randomisation", "text", strata),
        Column("enrolled_on", "Day of enrolment (randomisation)" + shifted, "date", "YYYY-MM-DD"),
        Column("withdrawn_on", "Day she withdrew" + shifted, "date", "YYYY-MM-DD; empty if not"),
        Column(
            "withdrawal_day", "Days from enrolment to withdrawal (exact)", "integer", unit="days"
        ),
        Column(
            "data_withdrawn",
            "Withdrew and asked that her data not be used (no assessments exported)",
            "boolean",
            "1 = yes, 0 = no",
        ),
    ]
    if r.identifiable:
        cols += [
            Column("name", "Her name (identifiable export)", "text", identifier=True),
            Column("email", "Her e-mail address (identifiable export)", "text", identifier=True),
        ]
    return cols


def _strata(r: Release) -> list[str]:
    """Every stratum the protocol allows, as stored (one level of each factor)."""
    from itertools import product

    from .services import stratum_key

    factors = r.study.stratification_factors
    return [
        stratum_key(r.study, {f["name"]: level for f, level in zip(factors, levels, strict=True)})
        for levels in product(*(f["levels"] for f in factors))
    ]


def _participant_row(r: Release, s: Subject) -> dict[str, Any]:
    row: dict[str, Any] = {"participant": s.code}
    if r.arms_shown:
        row["arm"] = s.arm
    row |= {
        "stratum": s.stratum,
        "enrolled_on": s.enrolled_on,
        "withdrawn_on": s.withdrawn_on,
        "withdrawal_day": s.withdrawal_day,
        "data_withdrawn": s.data_withdrawn,
    }
    if r.identifiable:
        row |= {
            "name": s.identity.name if s.identity else "",
            "email": s.identity.email if s.identity else "",
        }
    return row


# --- Cells ---------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """One CSV cell: numbers as numbers (9, not 9.0), booleans 1/0, dates ISO, and text
    neutralised so that a spreadsheet never runs it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return neutralise(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return neutralise(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue()


def _zip(files: Mapping[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # A byte order mark, so that Excel reads the file as UTF-8.
            archive.writestr(name, ("\ufeff" if name.endswith(".csv") else "") + text)
    return buffer.getvalue()


# --- CSV with a data dictionary ------------------------------------------------------------


def csv_files(r: Release) -> dict[str, str]:
    """participants.csv, assessments.csv (one row per participant per time point, each
    instrument's columns side by side), data_dictionary.csv and README.txt."""
    people = participant_columns(r)
    visit_head = [Column("participant", "Participant code", "text")]
    if r.arms_shown:
        visit_head.append(people[1])
    points = ", ".join(t.key for t in r.data.time_points)
    visit_head.append(Column("time_point", "Time point of the schedule", "text", points))
    blocks = [instrument_columns(r, i) for i in r.instruments]
    visit_cols = visit_head + [c for b in blocks for c in b.columns]
    _unique([c.name for c in visit_cols])
    visit_rows = []
    for v in r.visits:
        row: list[Any] = [v.code, *([v.arm] if r.arms_shown else []), v.time_point]
        for b in blocks:
            measured = v.measured.get(b.instrument)
            row += [_read(measured, kind, key) for kind, key in b.keys]
        visit_rows.append(row)
    described = [("participants.csv", c) for c in people]
    described += [("assessments.csv", c) for c in visit_cols]
    dictionary = [
        [file, c.name, c.label, c.type, c.allowed, c.unit, c.instrument, c.version]
        for file, c in described
    ]
    return {
        "README.txt": readme(r, "csv"),
        "participants.csv": csv_text(
            [c.name for c in people],
            ([_participant_row(r, s)[c.name] for c in people] for s in r.subjects),
        ),
        "assessments.csv": csv_text([c.name for c in visit_cols], visit_rows),
        "data_dictionary.csv": csv_text(
            [
                "file",
                "name",
                "label",
                "type",
                "allowed",
                "unit",
                "instrument",
                "instrument_version",
            ],
            dictionary,
        ),
    }


def _unique(names: Sequence[str]) -> None:
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"Two columns would share the names {', '.join(twice)}.")


def readme(r: Release, fmt: str) -> str:
    study = r.study
    files = {
        "csv": [
            "participants.csv   one row per randomised participant.",
            "assessments.csv    one row per participant per time point of the schedule; each",
            "                   instrument's columns side by side (empty: not done, or data",
            "                   withdrawn).",
            "data_dictionary.csv  every column of both files: name, label, type, allowed values",
            "                   or range, unit, and the instrument and version it comes from.",
        ],
        "redcap": [
            "data_dictionary.csv        REDCap's data dictionary: a participant form and one",
            "                           form per instrument.",
            "instrument_event_mapping.csv  which form is collected at which event (time point).",
            "records.csv                the records, one row per participant per event",
            "                           (redcap_event_name), for a longitudinal project.",
            "Create the events of the mapping (one REDCap arm) before importing the records.",
        ],
    }[fmt]
    if r.identifiable:
        privacy = [
            "IDENTIFIABLE export: names, e-mail addresses and real dates are included. It was",
            "recorded with the exporter's reason; keep it only where the protocol allows.",
        ]
    else:
        privacy = [
            "Pseudonymised: participants are named by their study code only; no names, e-mail",
            "addresses, account or family ids.",
            (
                "Dates are shifted per participant by a whole number of days between -180 and"
                " 180 (never 0), the same for all her dates and in every export of this study;"
                " the days since enrolment are exact."
                if r.shifted
                else "Dates are NOT shifted (the exporter chose real dates)."
            ),
        ]
    arms = (
        ["The study is closed: each participant's allocated arm is included."]
        if r.arms_shown
        else [
            "The study is still recruiting: allocations are NOT included (no arm column).",
            "Knowing who is in which arm would help guess the next allocation of a block;",
            "export again once the study is closed to get the arms.",
        ]
    )
    analysis_set = [
        f"Analysis set: {ITT}",
        "A participant who withdrew and asked that her data not be used is listed",
        "(data_withdrawn = 1) but none of her assessments is exported.",
        f"Pre-specified analysis: {study.get_analysis_design_display() or 'none'}; outcome:"
        f" {study.outcome_instrument or 'none'}; control arm: {study.control_arm or 'none'}.",
    ]
    head = [
        f"{study.title}" + (f" ({study.registration_id})" if study.registration_id else ""),
        f"Status: {study.get_status_display()}. {len(r.subjects)} participants randomised.",
    ]
    return "\n".join([*head, "", *files, "", *privacy, "", *arms, "", *analysis_set, ""])


def csv_zip(r: Release) -> bytes:
    return _zip(csv_files(r))


# --- REDCap --------------------------------------------------------------------------------

REDCAP_HEADER = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
PARTICIPANT_FORM = "participant"
RECORD_ID = "record_id"


def event_name(time_point: str) -> str:
    """The unique event name of a time point in REDCap's style (``<name>_arm_1``)."""
    return variable_name(time_point)[: MAX_NAME - 6].rstrip("_") + "_arm_1"


def form_name(instrument: str) -> str:
    name = variable_name(instrument)
    return "participant_" + name if name == PARTICIPANT_FORM else name


def _redcap_field(c: Column, form: str) -> list[str]:
    field_type, choices, validation, low, high = "text", "", "", "", ""
    if c.choices and len({s for s, _ in c.choices}) == len(c.choices):
        field_type = "radio"
        choices = " | ".join(f"{s}, {t.replace('|', '/')}" for s, t in c.choices)
    elif c.type == "boolean":
        field_type = "yesno"
    elif c.type == "date":
        validation = "date_ymd"
    elif c.type in ("integer", "number"):
        validation = c.type
        bounds = re.fullmatch(r"(\d+) to (\d+)", c.allowed)
        if bounds:
            low, high = bounds.groups()
    note = c.unit if c.unit and c.unit != "points" else ""
    return [
        c.name,
        form,
        "",
        field_type,
        c.label,
        choices,
        note,
        validation,
        low,
        high,
        "y" if c.identifier else "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]


def _arm_choices(r: Release) -> dict[str, int]:
    return {arm: n for n, arm in enumerate(r.data.arms, start=1)}


def redcap_fields(r: Release) -> list[list[str]]:
    """The data dictionary's rows: the participant form first (record_id first of all)."""
    people = participant_columns(r)
    rows = []
    for c in people:
        name = RECORD_ID if c.name == "participant" else c.name
        row = _redcap_field(
            Column(name, c.label, c.type, c.allowed, c.unit, identifier=c.identifier),
            PARTICIPANT_FORM,
        )
        if c.name == "arm":
            row[3] = "dropdown"
            row[5] = " | ".join(f"{n}, {arm}" for arm, n in _arm_choices(r).items())
        rows.append(row)
    for i in r.instruments:
        for c in instrument_columns(r, i).columns:
            rows.append(_redcap_field(c, form_name(i)))
    _unique([row[0] for row in rows])
    return rows


def redcap_files(r: Release) -> dict[str, str]:
    """data_dictionary.csv, instrument_event_mapping.csv, records.csv and README.txt."""
    points = [t.key for t in r.data.time_points] or sorted({v.time_point for v in r.visits})
    first = points[0] if points else ""
    mapping: list[list[Any]] = []
    for t in r.data.time_points:
        forms = ([PARTICIPANT_FORM] if t.key == first else []) + [
            form_name(i) for i in t.instruments
        ]
        mapping += [[1, event_name(t.key), f] for f in forms]
    dictionary = redcap_fields(r)
    blocks = [instrument_columns(r, i) for i in r.instruments]
    header = [RECORD_ID, "redcap_event_name"]
    people = [c for c in participant_columns(r) if c.name != "participant"]
    header += [c.name for c in people] + [f"{PARTICIPANT_FORM}_complete"]
    for b in blocks:
        header += [c.name for c in b.columns] + [f"{form_name(b.instrument)}_complete"]
    arm_codes = _arm_choices(r)
    by_subject = {s.code: s for s in r.subjects}
    records = []
    for v in r.visits:
        if v.time_point != first and not v.measured:
            continue
        row: list[Any] = [v.code, event_name(v.time_point)]
        if v.time_point == first:
            values = _participant_row(r, by_subject[v.code])
            row += [
                arm_codes.get(values[c.name]) if c.name == "arm" else values[c.name] for c in people
            ]
            row.append(2)
        else:
            row += [None] * (len(people) + 1)
        for b in blocks:
            measured = v.measured.get(b.instrument)
            row += [_read(measured, kind, key) for kind, key in b.keys]
            row.append(2 if measured is not None else None)
        records.append(row)
    return {
        "README.txt": readme(r, "redcap"),
        "data_dictionary.csv": csv_text(REDCAP_HEADER, dictionary),
        "instrument_event_mapping.csv": csv_text(["arm_num", "unique_event_name", "form"], mapping),
        "records.csv": csv_text(header, records),
    }


def redcap_zip(r: Release) -> bytes:
    return _zip(redcap_files(r))


# --- FHIR R4 -------------------------------------------------------------------------------

# Our study status -> R4 ResearchStudy.status (research-study-status value set).
FHIR_STUDY_STATUS = {
    StudyStatus.DRAFT: "in-review",
    StudyStatus.RECRUITING: "active",
    StudyStatus.CLOSED: "closed-to-accrual",  # no more enrolment; follow-up goes on
}


def _urn(kind: str, key: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))


def fhir_bundle(r: Release) -> dict[str, Any]:
    """A collection Bundle: the ResearchStudy, a ResearchSubject per participant, the
    Questionnaires used and a QuestionnaireResponse per questionnaire assessment."""
    study = r.study
    validated = wellbeing_fhir.validated
    study_urn = _urn("ResearchStudy", str(study.pk))
    arms = list(study.arms.order_by("name"))
    research_study: dict[str, Any] = {
        "resourceType": "ResearchStudy",
        "id": f"study-{study.pk}",
        "title": study.title,
        "status": FHIR_STUDY_STATUS[StudyStatus(study.status)],
        "arm": [
            {"name": arm.name, **({"description": arm.intervention} if arm.intervention else {})}
            for arm in arms
        ],
    }
    if study.registration_id:
        research_study["identifier"] = [
            {"type": {"text": "Trial registry id"}, "value": study.registration_id}
        ]
    entries = [{"fullUrl": study_urn, "resource": validated("ResearchStudy", research_study)}]
    system = PARTICIPANT_SYSTEM.format(study=study.pk)
    subject_urn = {}
    for s in r.subjects:
        individual: dict[str, Any] = {"identifier": {"system": system, "value": s.code}}
        if s.identity is not None:
            patient_urn = _urn("Patient", f"{study.pk}/{s.code}")
            patient: dict[str, Any] = {
                "resourceType": "Patient",
                "id": variable_name("patient", s.code).replace("_", "-"),
                "identifier": [{"system": system, "value": s.code}],
            }
            if s.identity.name:
                patient["name"] = [{"text": s.identity.name}]
            if s.identity.email:
                patient["telecom"] = [{"system": "email", "value": s.identity.email}]
            entries.append({"fullUrl": patient_urn, "resource": validated("Patient", patient)})
            individual = {"reference": patient_urn, **individual}
        subject: dict[str, Any] = {
            "resourceType": "ResearchSubject",
            "id": variable_name("subject", s.code).replace("_", "-"),
            "identifier": [{"system": system, "value": s.code}],
            "status": "withdrawn" if s.withdrawn_on else "on-study",
            "period": {
                "start": s.enrolled_on.isoformat(),
                **({"end": s.withdrawn_on.isoformat()} if s.withdrawn_on else {}),
            },
            "study": {"reference": study_urn},
            "individual": individual,
        }
        if s.arm is not None:
            subject["assignedArm"] = s.arm
        subject_urn[s.code] = _urn("ResearchSubject", f"{study.pk}/{s.code}")
        entries.append(
            {"fullUrl": subject_urn[s.code], "resource": validated("ResearchSubject", subject)}
        )
    for q in r.questionnaires.values():
        entries.append(
            {
                "fullUrl": wellbeing_fhir.questionnaire_urn(q),
                "resource": wellbeing_fhir.to_fhir_questionnaire(q),
            }
        )
    for v in r.visits:
        for instrument, m in v.measured.items():
            answered = r.questionnaires.get(instrument)
            if answered is None or not m.answers:
                continue
            key = f"{study.pk}/{v.code}/{v.time_point}/{instrument}"
            entries.append(
                {
                    "fullUrl": _urn("QuestionnaireResponse", key),
                    "resource": validated(
                        "QuestionnaireResponse",
                        _response(answered, m, v, subject_urn[v.code]),
                    ),
                }
            )
    return validated("Bundle", {"resourceType": "Bundle", "type": "collection", "entry": entries})


def _response(q: Instrument, m: Measured, v: Visit, subject: str) -> dict[str, Any]:
    items = []
    for link_id, score in m.answers.items():
        item = q.item(link_id)
        index = (
            next((n for n, o in enumerate(item.options) if o.score == score), None)
            if item
            else None
        )
        if item is None or index is None:
            answer: dict[str, Any] = {"valueInteger": score}
        else:
            answer = {
                "valueCoding": {
                    "system": wellbeing_fhir.answer_system(q.id),
                    "code": str(index),
                    "display": item.options[index].text,
                    "extension": [{"url": wellbeing_fhir.ORDINAL, "valueDecimal": score}],
                }
            }
        entry: dict[str, Any] = {"linkId": link_id, "answer": [answer]}
        if item is not None:
            entry["text"] = item.text
        items.append(entry)
    return {
        "resourceType": "QuestionnaireResponse",
        "id": variable_name(v.code, v.time_point, q.id).replace("_", "-"),
        "extension": [
            {"url": EXT_TIME_POINT, "valueString": v.time_point},
            {"url": EXT_STUDY_DAY, "valueInteger": m.day},
        ],
        "questionnaire": f"{wellbeing_fhir.QUESTIONNAIRE_URL}{q.id}|{m.version or q.version}",
        # The language version answered (docs/decisions/0023-epds-languages.md).
        "language": m.language or q.language,
        "status": "completed",
        "subject": {"reference": subject},
        "authored": m.done_on.isoformat(),
        "item": items,
    }


def fhir_json(r: Release) -> bytes:
    return json.dumps(fhir_bundle(r), ensure_ascii=False, indent=1).encode("utf-8")


# --- Exporting: the file, recorded ---------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


STUDY_CATEGORY = "study"  # the access log's category, as on the participant page


def export_study(
    study: Any,
    *,
    fmt: str,
    exported_by: Any,
    organisation: Any,
    shift_dates: bool = True,
    identifiable: bool = False,
    reason: str = "",
) -> ExportFile:
    """Build the export and record it: a ``StudyExport`` row always; for an identifiable
    export, one access-log row per family it names (category study), as the participant page
    writes one per view. An identifiable export without a reason is refused, nothing written.
    """
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from firsttouch.accounts.models import Family
    from firsttouch.programs import audit

    from .dataset import study_data
    from .models import ExportFormat, StudyExport

    reason = reason.strip()
    if fmt not in ExportFormat.values:
        raise ValidationError(f"Choose one of the formats: {', '.join(ExportFormat.values)}.")
    if identifiable and not reason:
        raise ValidationError(
            gettext("Say why this export must name the participants: the reason is recorded.")
        )
    data = study_data(study)
    r = release(
        data,
        shift_key=bytes(study.date_shift_key),
        shift_dates=shift_dates,
        named=identities(data) if identifiable else None,
    )
    stem = f"study-{study.pk}-{fmt}" + ("-identifiable" if identifiable else "")
    if fmt == ExportFormat.CSV:
        made = ExportFile(f"{stem}.zip", "application/zip", csv_zip(r))
    elif fmt == ExportFormat.REDCAP:
        made = ExportFile(f"{stem}.zip", "application/zip", redcap_zip(r))
    else:
        made = ExportFile(f"{stem}.json", "application/fhir+json", fhir_json(r))
    with transaction.atomic():
        StudyExport.objects.create(
            study=study,
            exported_by=exported_by,
            format=fmt,
            identifiable=identifiable,
            reason=reason[:300] if identifiable else "",
            shifted=r.shifted,
        )
        if identifiable:
            families = sorted({p.family_id for p in data.participants if p.family_id})
            for family_id in families:
                audit.record_access(
                    staff=exported_by,
                    organisation=organisation,
                    family=Family(pk=family_id),
                    categories={STUDY_CATEGORY},
                    what=f"identifiable export of study {study.pk}",
                    why=reason,
                )
    return made
