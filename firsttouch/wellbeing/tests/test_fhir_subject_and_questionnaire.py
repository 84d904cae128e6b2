"""Point 14: a screening's FHIR Bundle says whom it is about and who answered, carries the
Questionnaire it answers, and codes every answer with a system; the family's portability
Bundle keeps all that consistent across screenings and codes a baby's length as measured
lying down (LOINC 8306-3). Every Bundle validates with fhir.resources (R4B, matching R4 for
these resources), resource by resource."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from firsttouch.babies.models import Baby
from firsttouch.portability import fhir as portability
from firsttouch.portability.tests.factories import fill
from firsttouch.wellbeing import services
from firsttouch.wellbeing.fhir import answer_system, mother_urn, to_fhir_bundle
from tests.cast import Member

from .epds_answers import with_total


def validate(bundle: dict[str, Any]) -> None:
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls)), "every fullUrl once"


def of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_response_and_its_score_are_about_her_and_by_her(alice: Member) -> None:
    done = services.submit(alice.user, alice.family, "epds", with_total(11), finish=True)
    bundle = to_fhir_bundle(done)
    validate(bundle)
    [patient] = of(bundle, "Patient")
    her = {"reference": patient["fullUrl"]}
    assert patient["fullUrl"] == mother_urn(alice.user.pk)
    assert patient["resource"]["name"] == [{"text": "Alice"}]
    [qr] = of(bundle, "QuestionnaireResponse")
    assert qr["resource"]["subject"] == her
    assert qr["resource"]["author"] == her
    observations = of(bundle, "Observation")
    assert observations and all(o["resource"]["subject"] == her for o in observations)
    # Observation has no "author" element in FHIR: who answered is its performer.
    assert all(o["resource"]["performer"] == [her] for o in observations)
    total = next(o for o in observations if o["resource"]["valueInteger"] == 11)
    assert total["resource"]["derivedFrom"] == [{"reference": qr["fullUrl"]}]


def test_the_questionnaire_travels_in_the_bundle_and_answers_have_a_system(
    alice: Member,
) -> None:
    done = services.submit(alice.user, alice.family, "epds", with_total(5), finish=True)
    bundle = to_fhir_bundle(done)
    [questionnaire] = of(bundle, "Questionnaire")
    q = questionnaire["resource"]
    [qr] = of(bundle, "QuestionnaireResponse")
    assert qr["resource"]["questionnaire"] == f"{q['url']}|{q['version']}"
    assert [i["linkId"] for i in q["item"]] == [str(n) for n in range(1, 11)]
    system = answer_system("epds")
    for item in q["item"]:
        assert all(o["valueCoding"]["system"] == system for o in item["answerOption"])
    codings = [a["valueCoding"] for i in qr["resource"]["item"] for a in i["answer"]]
    assert len(codings) == 10 and all(c["system"] == system for c in codings)
    # Each answer is one of the Questionnaire's own options (same system, code and display).
    options = {
        (i["linkId"], o["valueCoding"]["code"], o["valueCoding"]["display"])
        for i in q["item"]
        for o in i["answerOption"]
    }
    for item in qr["resource"]["item"]:
        coding = item["answer"][0]["valueCoding"]
        assert (item["linkId"], coding["code"], coding["display"]) in options


def test_a_draft_is_about_her_too(alice: Member) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"1": 0})
    bundle = to_fhir_bundle(draft)
    validate(bundle)
    [qr] = of(bundle, "QuestionnaireResponse")
    assert qr["resource"]["subject"] == {"reference": mother_urn(alice.user.pk)}
    assert qr["resource"]["item"][0]["answer"][0]["valueCoding"]["system"] == answer_system("epds")


def test_the_family_export_references_her_one_way_across_screenings(
    alice: Member, mia: Baby
) -> None:
    fill(alice, mia)  # one screening, a growth row with weight and length
    services.submit(alice.user, alice.family, "epds", with_total(3), finish=True)
    bundle = portability.bundle(alice.user, alice.family)
    validate(bundle)
    her = mother_urn(alice.user.pk)
    mothers = [p for p in of(bundle, "Patient") if p["fullUrl"] == her]
    assert len(mothers) == 1
    responses = of(bundle, "QuestionnaireResponse")
    assert len(responses) == 2
    assert all(r["resource"]["subject"] == {"reference": her} for r in responses)
    assert all(r["resource"]["author"] == {"reference": her} for r in responses)
    scores = [o for o in of(bundle, "Observation") if "derivedFrom" in o["resource"]]
    assert scores and all(o["resource"]["subject"] == {"reference": her} for o in scores)
    assert len(of(bundle, "Questionnaire")) == 1


def test_infant_length_carries_body_height_lying(alice: Member, mia: Baby) -> None:
    fill(alice, mia)
    bundle = portability.bundle(alice.user, alice.family)
    lengths = [
        o["resource"]
        for o in of(bundle, "Observation")
        if any(c["code"] == portability.BODY_LENGTH for c in o["resource"]["code"]["coding"])
    ]
    [length] = lengths
    codes = {(c["system"], c["code"]) for c in length["code"]["coding"]}
    assert ("http://loinc.org", "8306-3") in codes
    assert ("http://loinc.org", "8302-2") in codes
    assert length["valueQuantity"]["unit"] == "cm"
    weights = [
        o
        for o in of(bundle, "Observation")
        if any(c["code"] == "29463-7" for c in o["resource"]["code"]["coding"])
    ]
    assert weights  # weight keeps its own code (29463-7)
