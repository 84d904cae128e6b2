"""FHIR R4 export and import: Questionnaire round trip, QuestionnaireResponse, Observations."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from firsttouch.wellbeing import services
from firsttouch.wellbeing.fhir import (
    ORDINAL,
    FhirError,
    from_fhir_questionnaire,
    to_fhir_bundle,
    to_fhir_observations,
    to_fhir_questionnaire,
    to_fhir_questionnaire_response,
)
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR, epds
from tests.cast import Member

from .epds_answers import answers

DEMO = INSTRUMENTS_DIR / "demo-bonding.fhir.json"


def test_the_epds_survives_a_round_trip_through_fhir() -> None:
    exported = to_fhir_questionnaire(epds())
    Questionnaire.model_validate(exported)
    assert from_fhir_questionnaire(exported) == epds()


def test_the_epds_export_carries_loinc_scores_and_the_citation() -> None:
    exported = to_fhir_questionnaire(epds())
    assert exported["code"] == [{"system": "http://loinc.org", "code": "71354-5"}]
    assert "Cox" in exported["copyright"] and "1987;150:782-786" in exported["copyright"]
    assert len(exported["item"]) == 10
    for item in exported["item"]:
        assert "code" not in item  # item LOINC codes not verified: left uncoded
        scores = [
            int(o["valueCoding"]["extension"][0]["valueDecimal"]) for o in item["answerOption"]
        ]
        assert sorted(scores) == [0, 1, 2, 3]
        assert all(o["valueCoding"]["extension"][0]["url"] == ORDINAL for o in item["answerOption"])


def test_the_demo_bonding_file_is_a_marked_demo_that_round_trips() -> None:
    data = json.loads(Path(DEMO).read_text())
    Questionnaire.model_validate(data)
    instrument = from_fhir_questionnaire(data)
    assert instrument.demo is True and data["experimental"] is True
    assert [s.id for s in instrument.subscales] == ["closeness", "confidence"]
    assert to_fhir_questionnaire(instrument) == data


def test_an_option_without_a_score_is_refused() -> None:
    data = json.loads(Path(DEMO).read_text())
    broken = copy.deepcopy(data)
    del broken["item"][1]["answerOption"][2]["valueCoding"]["extension"]
    with pytest.raises(FhirError, match="ordinalValue"):
        from_fhir_questionnaire(broken)


@pytest.mark.parametrize(
    "data",
    [
        {"resourceType": "Patient"},
        {"resourceType": "Questionnaire", "status": "active", "item": "not a list"},
        {
            "resourceType": "Questionnaire",
            "id": "x",
            "status": "active",
            "item": [{"linkId": "1", "type": "string", "text": "Free text"}],
        },
    ],
)
def test_documents_that_are_not_scorable_questionnaires_are_refused(data: dict) -> None:
    with pytest.raises(FhirError):
        from_fhir_questionnaire(data)


def test_a_completed_response_exports_as_questionnaire_response_and_observations(
    alice: Member,
) -> None:
    response = services.submit(
        alice.user, alice.family, "epds", answers([1, 1, 2, 2, 1, 0, 0, 0, 0, 0]), finish=True
    )
    qr = to_fhir_questionnaire_response(response)
    QuestionnaireResponse.model_validate(qr)
    assert qr["status"] == "completed"
    assert qr["questionnaire"] == "urn:firsttouch:questionnaire:epds|1.0.0"
    assert [i["linkId"] for i in qr["item"]] == [str(n) for n in range(1, 11)]
    assert qr["item"][0]["answer"][0]["valueCoding"]["display"] == "Not quite so much now"

    total, anxiety = to_fhir_observations(response)
    for obs in (total, anxiety):
        Observation.model_validate(obs)
    assert total["code"]["coding"][0] == {"system": "http://loinc.org", "code": "99046-5"}
    assert total["valueInteger"] == 7
    assert anxiety["valueInteger"] == 5
    assert anxiety["code"]["coding"][0]["system"] != "http://loinc.org"


def test_the_bundle_links_observations_to_the_response(alice: Member) -> None:
    response = services.submit(alice.user, alice.family, "epds", answers([0] * 10), finish=True)
    bundle = to_fhir_bundle(response)
    Bundle.model_validate(bundle)
    _mother, _questionnaire, qr_entry, *observations = bundle["entry"]
    assert qr_entry["resource"]["resourceType"] == "QuestionnaireResponse"
    assert len(observations) == 2
    for entry in observations:
        assert entry["resource"]["derivedFrom"] == [{"reference": qr_entry["fullUrl"]}]


def test_a_draft_exports_in_progress_without_observations(alice: Member) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"1": 0, "2": 3})
    qr = to_fhir_questionnaire_response(draft)
    assert qr["status"] == "in-progress" and len(qr["item"]) == 2
    assert to_fhir_observations(draft) == []
