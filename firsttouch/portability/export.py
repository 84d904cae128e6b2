"""Everything a family logged, and the caller's own private records, as CSV files in a ZIP.

The columns and the data dictionary are both generated from the models (field names, verbose
names, help texts, choices), so a field added to a model appears in the export and is
explained in the dictionary without anyone remembering to update either. Times are written
twice: in UTC (ISO 8601, ``Z``) for machines, and in the family's time zone for people.

Privacy: family tables come through :func:`firsttouch.core.scoping.scoped`; private tables
(screenings, mood, self-care, symptoms, lactation) are filtered on the caller alone, so a
partner's export never holds the mother's screenings, even ones she shared with the family.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.core.scoping import scoped
from firsttouch.lactation.models import LactationSession
from firsttouch.massage.models import Massager, MassageSession
from firsttouch.selfcare.models import MoodEntry, SelfCareDay, SymptomDay
from firsttouch.tracking.models import ENTRY_MODELS
from firsttouch.wellbeing.models import Response

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, User

DICTIONARY = "data-dictionary.csv"
DICTIONARY_HEADER = ["file", "column", "type", "unit", "meaning", "allowed_values"]
# Every row of a private table belongs to the caller: repeating her id in each row says nothing.
OWNER_FIELDS = {"family", "user", "respondent"}
UNITS = {
    "_g": "g",
    "_cm": "cm",
    "_ml": "mL",
    "_c": "°C",
    "_hours": "h",
    "minutes": "min",
    "_seconds": "s",
}
# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP,
# "CSV Injection"); the tab and carriage return are read as the start of a new cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The column types whose cells hold free text (a JSON column can hold a bare string).
TEXT_TYPES = {"text", "JSON"}
FIELD_TYPES = {
    "AutoField": "integer",
    "BigAutoField": "integer",
    "IntegerField": "integer",
    "PositiveIntegerField": "integer",
    "PositiveSmallIntegerField": "integer",
    "PositiveBigIntegerField": "integer",
    "SmallIntegerField": "integer",
    "BooleanField": "boolean (true/false)",
    "DecimalField": "decimal number",
    "DateField": "date (YYYY-MM-DD)",
    "TimeField": "time (HH:MM:SS, family's local time)",
    "DateTimeField": "date-time (ISO 8601, UTC)",
    "JSONField": "JSON",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    get: Callable[[Any], object]
    unit: str = ""
    allowed: str = ""


@dataclass
class Table:
    """One CSV file: its columns, and the rows (dicts) to write."""

    file: str
    columns: list[Column]
    rows: Iterable[Any] = field(default_factory=list)

    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def lines(self) -> Iterator[list[str]]:
        texts = [c.type in TEXT_TYPES for c in self.columns]
        for row in self.rows:
            yield [
                neutralise(_text(c.get(row))) if text else _text(c.get(row))
                for c, text in zip(self.columns, texts, strict=True)
            ]


# --- Values ----------------------------------------------------------------------------------


def utc_iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is not UTC:  # the database gives UTC already
        moment = moment.astimezone(UTC)
    return moment.isoformat().replace("+00:00", "Z")


def local_iso(moment: datetime | None, zone: ZoneInfo) -> str:
    return "" if moment is None else moment.astimezone(zone).isoformat()


def neutralise(cell: str) -> str:
    """A text cell that a spreadsheet would run as a formula, with a ``'`` put before it.

    A note typed as ``=HYPERLINK("http://evil.example", "Click")`` would otherwise become a live
    formula (or a link that leaks data) when the export is opened in Excel, LibreOffice or
    Google Sheets (CSV injection). Only text columns are treated: ``-1`` in a number column
    must stay a number.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (date, time, Decimal)):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return str(value)


# --- Columns from model fields ---------------------------------------------------------------


def _utc_of(name: str) -> Callable[[Any], str]:
    return lambda row: utc_iso(row[name])


def _local_of(name: str, zone: ZoneInfo) -> Callable[[Any], str]:
    return lambda row: local_iso(row[name], zone)


def _unit(name: str) -> str:
    return next((unit for suffix, unit in UNITS.items() if name.endswith(suffix)), "")


def _meaning(f: models.Field[Any, Any]) -> str:
    text = str(f.verbose_name)
    meaning = text[:1].upper() + text[1:] + "."
    if f.help_text:
        meaning += f" {f.help_text}"
    if f.null or f.blank:
        meaning += " Empty when not given."
    return meaning


def _allowed(f: models.Field[Any, Any]) -> str:
    return "; ".join(f"{value} = {label}" for value, label in f.flatchoices if value != "")


def model_columns(model: type[models.Model], zone: ZoneInfo, zone_name: str) -> list[Column]:
    """A column per concrete field; a foreign key gives the related row's id; a date-time
    gives a UTC column and a ``_local`` column beside it. Rows are ``values()`` dicts keyed
    by attname (a year of a baby's log is ~15,000 rows: no model instances)."""
    columns: list[Column] = []
    for f in model._meta.concrete_fields:
        if f.name in OWNER_FIELDS:
            continue
        if f.primary_key:
            columns.append(
                Column(
                    f.attname,
                    "integer (row id)",
                    "This row's id, unique within this file; other files refer to it.",
                    itemgetter(f.attname),
                )
            )
            continue
        if f.is_relation:
            target = f.related_model._meta.verbose_name  # type: ignore[union-attr]
            columns.append(
                Column(
                    f.attname,
                    "integer (row id)",
                    f"{_meaning(f)} The id of a {target}.",
                    itemgetter(f.attname),
                )
            )
            continue
        kind = FIELD_TYPES.get(f.get_internal_type(), "text")
        if not isinstance(f, models.DateTimeField):
            columns.append(
                Column(
                    f.name,
                    kind,
                    _meaning(f),
                    itemgetter(f.name),
                    unit=_unit(f.name),
                    allowed=_allowed(f),
                )
            )
        else:
            columns.append(Column(f.name, kind, _meaning(f), _utc_of(f.name)))
            columns.append(
                Column(
                    f"{f.name}_local",
                    f"date-time (ISO 8601 with offset, {zone_name})",
                    f"The same moment as {f.name}, in the family's time zone ({zone_name}).",
                    _local_of(f.name, zone),
                )
            )
    return columns


# --- The tables --------------------------------------------------------------------------------


def _answer_rows(responses: Iterable[Response]) -> Iterator[dict[str, Any]]:
    for response in responses:
        for answer in response.answers:
            yield {
                "response_id": response.pk,
                "instrument_id": response.instrument_id,
                "instrument_version": response.instrument_version,
                **answer,
            }


ANSWER_COLUMNS = [
    Column(
        "response_id",
        "integer (row id)",
        "The screening (id in screenings.csv).",
        lambda a: a["response_id"],
    ),
    Column("instrument_id", "text", "The questionnaire, e.g. epds.", lambda a: a["instrument_id"]),
    Column(
        "instrument_version",
        "text",
        "The questionnaire's version when answered.",
        lambda a: a["instrument_version"],
    ),
    Column(
        "link_id",
        "text",
        "The question's id within the questionnaire (item number).",
        lambda a: a.get("link_id"),
    ),
    Column(
        "index",
        "integer",
        "The option chosen, 0 = the first option shown.",
        lambda a: a.get("index"),
    ),
    Column(
        "text", "text", "The wording of the option chosen, as shown then.", lambda a: a.get("text")
    ),
    Column(
        "score", "integer", "The points this answer adds to the total.", lambda a: a.get("score")
    ),
]


def tables(user: User, family: Family) -> list[Table]:
    """The family's tables, then the caller's private tables, in a fixed order."""
    zone_name = family.time_zone
    zone = ZoneInfo(zone_name)

    def table(file: str, model: type[models.Model], rows: models.QuerySet[Any]) -> Table:
        names = [f.attname for f in model._meta.concrete_fields if f.name not in OWNER_FIELDS]
        return Table(file, model_columns(model, zone, zone_name), rows.values(*names))

    babies = scoped(Baby, family).order_by("pk")
    found = [table("babies.csv", Baby, babies)]
    for kind, model in ENTRY_MODELS.items():
        found.append(table(f"{kind}.csv", model, scoped(model, family).order_by("pk")))
    found.append(
        table("massage_sessions.csv", MassageSession, scoped(MassageSession, family).order_by("pk"))
    )
    found.append(table("massagers.csv", Massager, scoped(Massager, family).order_by("pk")))
    # Private: hers alone, whatever was shared with the family.
    responses = Response.objects.filter(respondent=user).order_by("pk")
    found.append(table("screenings.csv", Response, responses))
    found.append(Table("screening_answers.csv", ANSWER_COLUMNS, _answer_rows(responses)))
    own: list[tuple[str, type[models.Model]]] = [
        ("mood.csv", MoodEntry),
        ("self_care.csv", SelfCareDay),
        ("symptoms.csv", SymptomDay),
        ("lactation_sessions.csv", LactationSession),
    ]
    for file, private in own:
        rows = private._default_manager.filter(user=user).order_by("pk")
        found.append(table(file, private, rows))
    return found


def dictionary_rows(found: list[Table]) -> list[list[str]]:
    return [
        [t.file, c.name, c.type, c.unit, c.meaning, c.allowed] for t in found for c in t.columns
    ]


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_files(user: User, family: Family) -> dict[str, str]:
    """{file name: CSV text}: every table and the data dictionary that explains them."""
    found = tables(user, family)
    files = {t.file: _csv(t.header(), t.lines()) for t in found}
    files[DICTIONARY] = _csv(DICTIONARY_HEADER, dictionary_rows(found))
    return files


def export_zip(user: User, family: Family) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in csv_files(user, family).items():
            # A byte-order mark lets spreadsheet programs read the accents as UTF-8.
            archive.writestr(name, "\ufeff" + text)
    return buffer.getvalue()


def filename(family: Family, extension: str) -> str:
    """e.g. firsttouch-export-2026-11-25.zip, dated in the family's time zone."""
    today = timezone.localtime(timezone.now(), ZoneInfo(family.time_zone)).date()
    return f"firsttouch-export-{today.isoformat()}.{extension}"
