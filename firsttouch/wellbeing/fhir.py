"""Instruments and responses as FHIR R4 resources (validated with ``fhir.resources`` R4B).

The export is what a clinic's system expects: a Questionnaire whose answer options carry their
scores in the standard ``ordinalValue`` extension, a QuestionnaireResponse with the chosen
answers, and Observations for the total and each subscale that point back at the response with
``derivedFrom``. What FHIR has no field for (subscales, the structured citation, our source
ids, the total's code) travels in our own extensions under ``urn:firsttouch:fhir:``, so an
instrument survives the round trip unchanged. R4B is used for validation because it matches R4
for these resources; ``fhirVersion`` says 4.0.1.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .instruments import Instrument

if TYPE_CHECKING:
    from fhir_core.fhirabstractmodel import FHIRAbstractModel

    from .models import Response

FHIR_VERSION = "4.0.1"
LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
EXT = "urn:firsttouch:fhir:"
EXT_SUBSCALE = EXT + "subscale"
EXT_CITATION = EXT + "citation"
EXT_SOURCE = EXT + "source"
EXT_TOTAL_CODE = EXT + "total-code"
EXT_SAFETY_ITEM = EXT + "safety-item"
EXT_PERIOD = EXT + "period-days"
EXT_SHORT_TITLE = EXT + "short-title"
EXT_EXAMPLE_ANSWER = EXT + "intro-example-answer"
SCORE_SYSTEM = EXT + "score"
QUESTIONNAIRE_URL = "urn:firsttouch:questionnaire:"
# The answers' code system: an instrument's option numbers (0 = its first answer). Each
# instrument has its own, named after its canonical URL; no public code system is claimed
# (the EPDS answers' LOINC codes were not verified, so none is guessed).
ANSWER_SYSTEM_SUFFIX = ":answer"
# Fixed namespace so a response always gets the same urn:uuid in every export.
NAMESPACE = uuid.UUID("6f1d2b7e-3c4a-4e52-9a0b-8d7c1e2f3a45")


class FhirError(ValueError):
    """A FHIR document we cannot read as an instrument; the message says what to fix."""


def fhir_model(resource_type: str) -> type[FHIRAbstractModel]:
    """The fhir.resources R4B class that validates ``resource_type``, imported on first use.

    The FHIR models are large (about 0.15 s and several MB to import): a server process
    that never exports or imports FHIR should not carry them, so nothing imports them at
    start-up (issue 10, memory; ``tests/test_startup_imports.py`` keeps it so).
    """
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class(resource_type)


def _validated(resource_type: str, data: dict[str, Any]) -> dict[str, Any]:
    try:
        resource = fhir_model(resource_type).model_validate(data)
    except ValidationError as exc:
        raise FhirError(f"Not a valid FHIR {data.get('resourceType')}: {exc}") from exc
    return dict(json.loads(resource.model_dump_json(exclude_none=True)))


def validated(resource_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` checked as a FHIR R4 ``resource_type`` and returned as JSON-ready data; a
    ``FhirError`` says what is wrong. Public for the studies' research export, which builds
    its own resources (ResearchStudy, ResearchSubject) and validates them the same way."""
    return _validated(resource_type, data)


def _ext(url: str, **value: Any) -> dict[str, Any]:
    return {"url": url, **value}


# --- Instrument <-> Questionnaire -------------------------------------------------------------


def to_fhir_questionnaire(instrument: Instrument) -> dict[str, Any]:
    extensions: list[dict[str, Any]] = []
    if instrument.short_title:
        extensions.append(_ext(EXT_SHORT_TITLE, valueString=instrument.short_title))
    if instrument.period_days is not None:
        extensions.append(_ext(EXT_PERIOD, valueInteger=instrument.period_days))
    if instrument.intro_example_answer:
        extensions.append(_ext(EXT_EXAMPLE_ANSWER, valueString=instrument.intro_example_answer))
    if instrument.citation is not None:
        cite = instrument.citation
        parts = [
            _ext("authors", valueString=cite.authors),
            _ext("title", valueString=cite.title),
            _ext("source", valueString=cite.source),
        ]
        if cite.terms:
            parts.append(_ext("terms", valueString=cite.terms))
        extensions.append({"url": EXT_CITATION, "extension": parts})
    extensions += [_ext(EXT_SOURCE, valueCode=s) for s in instrument.sources]
    if instrument.loinc is not None and instrument.loinc.total:
        extensions.append(
            _ext(EXT_TOTAL_CODE, valueCoding={"system": LOINC, "code": instrument.loinc.total})
        )
    for sub in instrument.subscales:
        parts = [_ext("id", valueCode=sub.id), _ext("title", valueString=sub.title)]
        parts += [_ext("item", valueString=link_id) for link_id in sub.items]
        if sub.source:
            parts.append(_ext("source", valueCode=sub.source))
        if sub.loinc:
            parts.append(_ext("loinc", valueCode=sub.loinc))
        extensions.append({"url": EXT_SUBSCALE, "extension": parts})
    data: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "url": QUESTIONNAIRE_URL + instrument.id,
        "version": instrument.version,
        "name": instrument.id.replace("-", "_").upper(),
        "title": instrument.title,
        "status": "active",
        "experimental": instrument.demo,
        "language": instrument.language,
        "subjectType": ["Patient"],
        "extension": extensions,
        "item": [_item(i, instrument.id) for i in instrument.items],
    }
    if instrument.intro:
        data["description"] = instrument.intro
    if instrument.citation is not None:
        data["copyright"] = str(instrument.citation) + (
            f" {instrument.citation.terms}" if instrument.citation.terms else ""
        )
    if instrument.loinc is not None:
        data["code"] = [{"system": LOINC, "code": instrument.loinc.panel}]
    return _validated("Questionnaire", data)


def answer_system(instrument_id: str) -> str:
    """The code system of an instrument's answers, the same in the Questionnaire and every
    QuestionnaireResponse."""
    return QUESTIONNAIRE_URL + instrument_id + ANSWER_SYSTEM_SUFFIX


def _item(item: Any, instrument_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "linkId": item.link_id,
        "text": item.text,
        "type": "choice",
        "required": item.required,
        "answerOption": [
            {
                "valueCoding": {
                    "system": answer_system(instrument_id),
                    "code": str(n),
                    "display": o.text,
                    "extension": [_ext(ORDINAL, valueDecimal=o.score)],
                }
            }
            for n, o in enumerate(item.options)
        ],
    }
    if item.safety:
        data["extension"] = [_ext(EXT_SAFETY_ITEM, valueBoolean=True)]
    return data


def _first(extensions: list[dict[str, Any]], url: str, key: str) -> Any:
    return next((e.get(key) for e in extensions if e.get("url") == url), None)


def _parts(extension: dict[str, Any]) -> list[dict[str, Any]]:
    return list(extension.get("extension", []))


def _score_of(coding: dict[str, Any], where: str) -> int:
    value = _first(coding.get("extension", []), ORDINAL, "valueDecimal")
    if value is None:
        raise FhirError(
            f"{where}: every answer option needs a score in the ordinalValue extension ({ORDINAL})."
        )
    if float(value) != int(value):
        raise FhirError(f"{where}: scores must be whole numbers, not {value}.")
    return int(value)


def from_fhir_questionnaire(data: dict[str, Any]) -> Instrument:
    """Read a Questionnaire (ours, or a clinic's with ordinal scores) as an Instrument."""
    if data.get("resourceType") != "Questionnaire":
        raise FhirError("Expected a FHIR Questionnaire (resourceType 'Questionnaire').")
    q = _validated("Questionnaire", data)
    ext = q.get("extension", [])
    ident = q.get("id") or str(q.get("url", "")).rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    items = []
    for n, raw in enumerate(q.get("item", []), start=1):
        where = f"item {raw.get('linkId', n)}"
        if raw.get("type") != "choice" or not raw.get("answerOption"):
            raise FhirError(f"{where}: only choice items with answerOption can be scored.")
        options = []
        for option in raw["answerOption"]:
            coding = option.get("valueCoding")
            if coding is None:
                raise FhirError(f"{where}: answer options must be valueCoding.")
            options.append(
                {
                    "text": coding.get("display") or coding.get("code", ""),
                    "score": _score_of(coding, where),
                }
            )
        items.append(
            {
                "link_id": raw["linkId"],
                "text": raw.get("text", ""),
                "required": bool(raw.get("required", False)),
                "safety": bool(_first(raw.get("extension", []), EXT_SAFETY_ITEM, "valueBoolean")),
                "options": options,
            }
        )
    fields: dict[str, Any] = {
        "id": ident,
        "version": q.get("version", "1"),
        "title": q.get("title") or ident,
        "language": q.get("language", "en"),
        "intro": q.get("description", ""),
        "intro_example_answer": _first(ext, EXT_EXAMPLE_ANSWER, "valueString") or "",
        "demo": bool(q.get("experimental", False)),
        "items": items,
        "short_title": _first(ext, EXT_SHORT_TITLE, "valueString") or "",
        "period_days": _first(ext, EXT_PERIOD, "valueInteger"),
        "sources": [e["valueCode"] for e in ext if e.get("url") == EXT_SOURCE],
        "subscales": [_subscale(e) for e in ext if e.get("url") == EXT_SUBSCALE],
    }
    citation = next((e for e in ext if e.get("url") == EXT_CITATION), None)
    if citation is not None:
        parts = _parts(citation)
        fields["citation"] = {
            k: _first(parts, k, "valueString") or ""
            for k in ("authors", "title", "source", "terms")
        }
    panel = next((c["code"] for c in q.get("code", []) if c.get("system") == LOINC), None)
    if panel:
        total = _first(ext, EXT_TOTAL_CODE, "valueCoding")
        fields["loinc"] = {"panel": panel, "total": total.get("code") if total else None}
    try:
        return Instrument.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'questionnaire'}: {e['msg']}"
            for e in exc.errors()
        )
        raise FhirError(problems) from exc


def _subscale(extension: dict[str, Any]) -> dict[str, Any]:
    parts = _parts(extension)
    found: dict[str, Any] = {
        "id": _first(parts, "id", "valueCode"),
        "title": _first(parts, "title", "valueString"),
        "items": [p["valueString"] for p in parts if p.get("url") == "item"],
    }
    source, loinc = _first(parts, "source", "valueCode"), _first(parts, "loinc", "valueCode")
    if source:
        found["source"] = source
    if loinc:
        found["loinc"] = loinc
    return found


# --- Responses --------------------------------------------------------------------------------


def _urn(kind: str, response: Response) -> str:
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, f"{kind}/{response.pk}"))


def _when(response: Response) -> str:
    moment = response.completed_at or response.started_at
    return moment.isoformat()


def mother_urn(user_id: int) -> str:
    """The mother's Patient in every Bundle: the same urn:uuid from the wellbeing export and
    the family's portability export, so both reference her the same way."""
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, f"Patient/mother/{user_id}"))


def mother_patient(response: Response) -> dict[str, Any]:
    """The mother who answered, as the Patient the screening is about.

    A Patient rather than a RelatedPerson: the EPDS is about her own health, and a
    RelatedPerson would need the baby as its patient, which a screening export does not hold.
    Only her name: nothing else about her is needed to read the screening.
    """
    user = response.respondent
    data: dict[str, Any] = {"resourceType": "Patient", "id": f"mother-{user.pk}"}
    name = user.get_full_name()
    if name:
        data["name"] = [{"text": name}]
    return _validated("Patient", data)


def _mother(response: Response) -> dict[str, str]:
    return {"reference": mother_urn(response.respondent_id)}


def questionnaire_urn(instrument: Instrument) -> str:
    return "urn:uuid:" + str(
        uuid.uuid5(NAMESPACE, f"Questionnaire/{instrument.id}|{instrument.version}")
    )


def to_fhir_questionnaire_response(response: Response) -> dict[str, Any]:
    instrument = response.instrument()
    items = []
    for answer in response.answers:
        item = instrument.item(answer["link_id"]) if instrument else None
        entry: dict[str, Any] = {
            "linkId": answer["link_id"],
            "answer": [
                {
                    "valueCoding": {
                        "system": answer_system(response.instrument_id),
                        "code": str(answer["index"]),
                        "display": answer["text"],
                        "extension": [_ext(ORDINAL, valueDecimal=answer["score"])],
                    }
                }
            ],
        }
        if item is not None:
            entry["text"] = item.text
        items.append(entry)
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{response.pk}",
        # Which language version was answered: the original (en) or a bundled validated
        # translation with the same scoring (docs/decisions/0023-epds-languages.md).
        "language": response.instrument_language or "en",
        "questionnaire": f"{QUESTIONNAIRE_URL}{response.instrument_id}|"
        f"{response.instrument_version}",
        "status": "completed" if response.is_complete else "in-progress",
        "subject": _mother(response),
        "authored": _when(response),
        "author": _mother(response),  # she answered it herself
        "source": _mother(response),
        "item": items,
    }
    return _validated("QuestionnaireResponse", data)


def to_fhir_observations(response: Response) -> list[dict[str, Any]]:
    """The total and each subscale as survey Observations; none for a draft."""
    if not response.is_complete or response.total is None:
        return []
    instrument = response.instrument()
    name = instrument.name if instrument else response.instrument_id
    derived = [{"reference": _urn("QuestionnaireResponse", response)}]
    common = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "subject": _mother(response),
        "effectiveDateTime": _when(response),
        # Observation has no "author": the performer is who answered, hence the score's author.
        "performer": [_mother(response)],
        "derivedFrom": derived,
    }
    total_code = instrument.loinc.total if instrument and instrument.loinc else None
    observations = [
        {
            **common,
            "id": f"response-{response.pk}-total",
            "code": _code(total_code, "total", f"{name} total score"),
            "valueInteger": response.total,
        }
    ]
    for sub_id, value in sorted(response.subscales.items()):
        sub = instrument.subscale(sub_id) if instrument else None
        observations.append(
            {
                **common,
                "id": f"response-{response.pk}-{sub_id}",
                "code": _code(sub.loinc if sub else None, sub_id, sub.title if sub else sub_id),
                "valueInteger": value,
            }
        )
    return [_validated("Observation", o) for o in observations]


def _code(loinc: str | None, own: str, text: str) -> dict[str, Any]:
    coding = {"system": LOINC, "code": loinc} if loinc else {"system": SCORE_SYSTEM, "code": own}
    return {"coding": [coding], "text": text}


def context_entries(response: Response, skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Bundle entries for what the response refers to: her Patient and the Questionnaire.

    ``skip`` holds fullUrls a larger Bundle already has (the family export carries her and
    each Questionnaire once, however many screenings), so they are not even built again.
    """
    entries = []
    if (mother := mother_urn(response.respondent_id)) not in skip:
        entries.append({"fullUrl": mother, "resource": mother_patient(response)})
    instrument = response.instrument()
    if instrument is not None and (url := questionnaire_urn(instrument)) not in skip:
        entries.append({"fullUrl": url, "resource": to_fhir_questionnaire(instrument)})
    return entries


def response_entries(response: Response) -> list[dict[str, Any]]:
    """The QuestionnaireResponse and its Observations, linked by ``derivedFrom``."""
    qr = to_fhir_questionnaire_response(response)
    entries = [{"fullUrl": _urn("QuestionnaireResponse", response), "resource": qr}]
    for obs in to_fhir_observations(response):
        entries.append({"fullUrl": _urn(f"Observation/{obs['id']}", response), "resource": obs})
    return entries


def to_fhir_bundle(response: Response) -> dict[str, Any]:
    """The response, its Observations, the mother they are about and the Questionnaire it
    answers, together in one Bundle linked by urn:uuid references.

    The Questionnaire travels in the Bundle (its ``url`` is the response's ``questionnaire``
    canonical), so a receiver can read the items and scores without reaching this server.
    """
    return _validated(
        "Bundle",
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": _when(response),
            "entry": context_entries(response) + response_entries(response),
        },
    )
