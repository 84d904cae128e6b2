"""The FHIR export: a valid R4 collection Bundle with the expected resources and codes."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from firsttouch.babies.models import Baby
from firsttouch.portability import fhir
from firsttouch.portability.tests.factories import fill
from tests.cast import Member, make_baby


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes(observation: dict[str, Any]) -> set[str]:
    return {c["code"] for c in observation["code"].get("coding", [])}


def test_the_bundle_validates_and_holds_babies_measurements_and_screenings(
    alice: Member, mia: Baby
) -> None:
    fill(alice, mia)
    bundle = fhir.bundle(alice.user, alice.family)
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    baby, mother = resources(bundle, "Patient")  # the baby, and the mother of the screening
    assert baby["birthDate"] == mia.birth_date.isoformat()
    assert mother["id"] == f"mother-{alice.user.pk}"
    observations = resources(bundle, "Observation")
    weight = next(o for o in observations if fhir.BODY_WEIGHT in codes(o))
    assert weight["valueQuantity"] == {"value": 4870, "unit": "g", "code": "g", "system": fhir.UCUM}
    length = next(o for o in observations if fhir.BODY_LENGTH in codes(o))
    assert length["valueQuantity"]["value"] == 55.5 and length["valueQuantity"]["unit"] == "cm"
    sleep = next(o for o in observations if "sleep-duration" in codes(o))
    assert sleep["valueQuantity"]["value"] == 120.0
    assert all(c["system"] == fhir.OWN_CODES for c in sleep["code"]["coding"])
    assert any("crying-episode" in codes(o) for o in observations)
    assert len(resources(bundle, "QuestionnaireResponse")) == 1
    # The EPDS total comes from the wellbeing module, with its own codes.
    assert any(o.get("valueInteger") == 10 for o in observations)
    patients = [e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    subject = {o["subject"]["reference"] for o in observations if "subject" in o}
    assert subject == set(patients)  # the baby's measurements, and her screening's scores


def test_gestational_age_is_an_observation_in_weeks_without_a_guessed_code(alice: Member) -> None:
    early = make_baby(alice.family, "Ada", age_days=30, gestational_weeks=33)
    bundle = fhir.bundle(alice.user, alice.family)
    [obs] = resources(bundle, "Observation")
    assert obs["valueQuantity"]["value"] == 33 and obs["valueQuantity"]["code"] == "wk"
    assert obs["effectiveDateTime"] == early.birth_date.isoformat()
    assert all(c["system"] != fhir.LOINC for c in obs["code"]["coding"])


def test_running_timers_are_left_out(alice: Member, mia: Baby) -> None:
    from django.utils import timezone

    from firsttouch.tracking.models import Sleep

    Sleep.objects.create(baby=mia, start=timezone.now())
    bundle = fhir.bundle(alice.user, alice.family)
    assert resources(bundle, "Observation") == []


def test_a_builder_that_makes_a_bad_resource_stops_the_export(alice: Member, mia: Baby) -> None:
    # At run time only the first resource of each kind is validated (see validate_samples);
    # a broken builder breaks its first resource too, so the export refuses to go out.
    fill(alice, mia)
    data = fhir.bundle(alice.user, alice.family)
    first_sleep = next(
        e
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and "sleep-duration" in codes(e["resource"])
    )
    first_sleep["resource"]["effectivePeriod"]["start"] = "yesterday evening"
    with pytest.raises(ValueError):
        fhir.validate_samples(data)
