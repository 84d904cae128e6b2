"""The family's data as one FHIR R4 Bundle (type ``collection``), validated with R4B.

A Patient for each baby; Observations for measurements: body weight (LOINC 29463-7, g) and
body length (LOINC 8302-2, cm, plus 8306-3 "Body height --lying", how a baby is measured),
which are well-known vital-sign codes. Sleep, crying and the
gestational age at birth have no code we have verified, so they carry a text code only
(plus our own ``urn:firsttouch`` code so a machine can still tell them apart): a guessed LOINC
code would be worse than none. The caller's own screenings come from
:mod:`firsttouch.wellbeing.fhir`, never another caregiver's, with her as their Patient (subject
and author) and the Questionnaire each answers.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.core.scoping import scoped
from firsttouch.tracking.models import Crying, Growth, Sleep
from firsttouch.wellbeing import fhir as wellbeing_fhir
from firsttouch.wellbeing.models import Response

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, User

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
OWN_CODES = "urn:firsttouch:fhir:code"
BODY_WEIGHT = "29463-7"
BODY_LENGTH = "8302-2"
# Body height --lying: the LOINC code for a length measured lying down, as a baby's is.
BODY_LENGTH_LYING = "8306-3"
HEAD_CIRCUMFERENCE = "9843-4"  # Head Occipital-frontal circumference
# Fixed, so the same row gets the same urn:uuid in every export (a receiver can de-duplicate).
NAMESPACE = uuid.UUID("2c0f5a7e-91d4-4b8e-a3f6-5e7d8c9b0a12")


def urn(kind: str, pk: object) -> str:
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, f"{kind}/{pk}"))


def _kind(resource: dict[str, Any]) -> tuple[str, str]:
    code = resource.get("code")  # a Questionnaire's code is a list, an Observation's is not
    return resource["resourceType"], code.get("text", "") if isinstance(code, dict) else ""


def validate_samples(data: dict[str, Any]) -> None:
    """Validate the Bundle and the first resource of each kind with fhir.resources.

    Every resource of a kind comes from the same builder with values of the same types, so
    the first one stands for the rest: validating all of them (about 5,000 for a year of a
    baby's log) took several seconds and was most of the export's time. The tests validate
    whole bundles, resource by resource.
    """
    seen: set[tuple[str, str]] = set()
    samples = []
    for entry in data["entry"]:
        resource = entry["resource"]
        if (kind := _kind(resource)) not in seen:
            seen.add(kind)
            samples.append(entry)
    wellbeing_fhir.fhir_model("Bundle").model_validate({**data, "entry": samples})


def _quantity(value: float | int, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _text_code(own: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": OWN_CODES, "code": own, "display": text}], "text": text}


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code}]}]


def patient(baby: Baby) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": f"baby-{baby.pk}",
        "name": [{"given": [baby.name]}],
        "birthDate": baby.birth_date.isoformat(),
    }


def _observation(
    baby: Baby, ident: str, code: dict[str, Any], category: str, **rest: Any
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": ident,
        "status": "final",
        "category": _category(category),
        "code": code,
        "subject": {"reference": urn("Patient", baby.pk)},
        **rest,
    }


def gestational_age(baby: Baby) -> dict[str, Any] | None:
    if baby.gestational_weeks is None:
        return None
    return _observation(
        baby,
        f"baby-{baby.pk}-gestational-age",
        _text_code("gestational-age-at-birth", "Gestational age at birth"),
        "exam",
        effectiveDateTime=baby.birth_date.isoformat(),
        valueQuantity=_quantity(baby.gestational_weeks, "wk"),
    )


def growth(row: Growth, baby: Baby) -> list[dict[str, Any]]:
    when = {"effectiveDateTime": row.time.isoformat()}
    found = []
    if row.weight_g is not None:
        found.append(
            _observation(
                baby,
                f"growth-{row.pk}-weight",
                {
                    "coding": [{"system": LOINC, "code": BODY_WEIGHT, "display": "Body weight"}],
                    "text": "Body weight",
                },
                "vital-signs",
                valueQuantity=_quantity(row.weight_g, "g"),
                **when,
            )
        )
    if row.length_cm is not None:
        found.append(
            _observation(
                baby,
                f"growth-{row.pk}-length",
                {
                    "coding": [
                        {"system": LOINC, "code": BODY_LENGTH, "display": "Body length"},
                        {
                            "system": LOINC,
                            "code": BODY_LENGTH_LYING,
                            "display": "Body height --lying",
                        },
                    ],
                    "text": "Body length",
                },
                "vital-signs",
                valueQuantity=_quantity(float(row.length_cm), "cm"),
                **when,
            )
        )
    if row.head_cm is not None:
        found.append(
            _observation(
                baby,
                f"growth-{row.pk}-head",
                {
                    "coding": [
                        {
                            "system": LOINC,
                            "code": HEAD_CIRCUMFERENCE,
                            "display": "Head Occipital-frontal circumference",
                        }
                    ],
                    "text": "Head circumference",
                },
                "vital-signs",
                valueQuantity=_quantity(float(row.head_cm), "cm"),
                **when,
            )
        )
    return found


def _minutes(row: Sleep | Crying) -> float:
    assert row.end is not None
    return round((row.end - row.start).total_seconds() / 60, 1)


def sleep(row: Sleep, baby: Baby) -> dict[str, Any]:
    assert row.end is not None
    return _observation(
        baby,
        f"sleep-{row.pk}",
        _text_code("sleep-duration", "Sleep duration"),
        "activity",
        effectivePeriod={"start": row.start.isoformat(), "end": row.end.isoformat()},
        valueQuantity=_quantity(_minutes(row), "min"),
    )


def crying(row: Crying, baby: Baby) -> dict[str, Any]:
    assert row.end is not None
    return _observation(
        baby,
        f"crying-{row.pk}",
        _text_code("crying-episode", "Crying episode duration"),
        "exam",
        effectivePeriod={"start": row.start.isoformat(), "end": row.end.isoformat()},
        valueQuantity=_quantity(_minutes(row), "min"),
        component=[
            {
                "code": _text_code("crying-intensity", "Crying intensity"),
                "valueString": row.get_intensity_display(),
            }
        ],
    )


def bundle(user: User, family: Family) -> dict[str, Any]:
    """Every baby with their measurements, and the caller's own screenings.

    Running timers (no end yet) are left out: a duration not yet known is not an Observation.
    """
    entries: list[dict[str, Any]] = []

    def add(full_url: str, resource: dict[str, Any]) -> None:
        entries.append({"fullUrl": full_url, "resource": resource})

    babies = {b.pk: b for b in scoped(Baby, family).order_by("pk")}
    for baby in babies.values():
        add(urn("Patient", baby.pk), patient(baby))
        gestation = gestational_age(baby)
        if gestation is not None:
            add(urn("Observation", gestation["id"]), gestation)
    for row in scoped(Growth, family).order_by("time", "pk"):
        for obs in growth(row, babies[row.baby_id]):
            add(urn("Observation", obs["id"]), obs)
    for s in scoped(Sleep, family).filter(end__isnull=False).order_by("start", "pk"):
        obs = sleep(s, babies[s.baby_id])
        add(urn("Observation", obs["id"]), obs)
    for c in scoped(Crying, family).filter(end__isnull=False).order_by("start", "pk"):
        obs = crying(c, babies[c.baby_id])
        add(urn("Observation", obs["id"]), obs)
    seen: set[str] = set()
    for response in (
        Response.objects.filter(respondent=user).select_related("respondent").order_by("pk")
    ):
        # From the wellbeing module: her Patient and each Questionnaire once, however many
        # screenings, then the response and its scores, linked by urn:uuid.
        context = wellbeing_fhir.context_entries(response, skip=frozenset(seen))
        for entry in context + wellbeing_fhir.response_entries(response):
            seen.add(entry["fullUrl"])
            entries.append(entry)
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": entries,
    }
    validate_samples(data)
    return data


def serialise(data: dict[str, Any]) -> bytes:
    """The bundle as compact UTF-8 JSON (json's C encoder only runs without indent)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
