"""The questionnaire API: instruments, responses, safety first, privacy and bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.wellbeing.models import Response
from tests.cast import Member

from .epds_answers import answers, with_total


@pytest.fixture
def api(alice: Member) -> ApiClient:
    return ApiClient(alice)


@pytest.fixture
def dan_api(dan: Member) -> ApiClient:
    return ApiClient(dan)


@pytest.fixture
def bob_api(bob: Member) -> ApiClient:
    return ApiClient(bob)


def submit(api: ApiClient, chosen: dict[str, int], complete: bool = True, **extra: object) -> dict:
    created = api.post(
        "/responses", {"instrument": "epds", "answers": chosen, "complete": complete, **extra}
    )
    assert created.status == 201, created.body
    return created.body


def test_instruments_are_listed_and_readable(api: ApiClient) -> None:
    listed = api.get("/instruments")
    assert listed.status == 200
    assert listed.body["count"] >= 1
    assert listed.body["results"][0] == {
        "id": "epds",
        "version": "1.0.0",
        "title": "Edinburgh Postnatal Depression Scale (EPDS)",
        "short_title": "EPDS",
        "demo": False,
        "origin": "bundled",
        "items": 10,
    }
    one = api.get("/instruments/epds")
    assert one.status == 200
    assert one.body["citation"]["authors"].startswith("Cox")
    assert one.body["items"][9]["options"][3] == {"text": "Never", "score": 0}


def test_an_instrument_as_fhir(alice: Member) -> None:
    client = Client()
    client.force_login(alice.user)
    response = client.get("/api/v1/instruments/epds/fhir")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    Questionnaire.model_validate(json.loads(response.content))


def test_an_unknown_instrument_is_a_404(api: ApiClient) -> None:
    assert api.get("/instruments/phq-9").status == 404
    assert api.get("/instruments/phq-9/fhir").status == 404


def test_anonymous_callers_are_refused(db: None) -> None:
    anonymous = ApiClient()
    assert anonymous.get("/instruments").status == 401
    assert anonymous.post("/responses", {"instrument": "epds"}).status == 401


def test_a_completed_epds_carries_its_score_with_safety_first(api: ApiClient) -> None:
    body = submit(api, with_total(11, anxiety=5))
    keys = list(body)
    assert keys.index("safety") < keys.index("score")
    assert body["safety"] is None
    assert body["status"] == "complete" and body["mine"] is True
    score = body["score"]
    assert (score["total"], score["band"], score["anxiety_flag"]) == (11, "possible", True)
    assert score["subscales"] == {"epds-3a": 5} and score["max_total"] == 30
    assert score["band_label"].startswith("Possible depression")
    assert score["rose"] is False


@pytest.mark.parametrize("item10", [1, 2, 3])
def test_every_non_zero_item_10_puts_the_safety_response_in_the_body(
    api: ApiClient, item10: int
) -> None:
    body = submit(api, with_total(item10, item10=item10))
    assert body["safety"] is not None
    assert body["safety"]["message"]
    assert body["safety"]["emergency_advice"]
    assert body["score"]["band"] == "below"
    assert api.get(f"/responses/{body['id']}").body["safety"] == body["safety"]


def test_a_draft_has_no_score_and_finishes_later(api: ApiClient) -> None:
    nine = answers([1] * 10)
    last = nine.pop("10")
    draft = submit(api, nine, complete=False)
    assert draft["status"] == "draft" and draft["score"] is None
    refused = api.post(f"/responses/{draft['id']}/complete")
    assert refused.status == 422
    assert "10" in refused.error["fields"]["answers"][0]
    patched = api.patch(f"/responses/{draft['id']}", {"answers": {"10": last}})
    assert patched.status == 200 and patched.body["score"] is None
    done = api.post(f"/responses/{draft['id']}/complete")
    assert done.status == 200
    assert done.body["score"]["total"] == 10


def test_completing_with_nine_answers_is_refused_and_nothing_saved(api: ApiClient) -> None:
    nine = answers([1] * 10)
    del nine["4"]
    response = api.post("/responses", {"instrument": "epds", "answers": nine, "complete": True})
    assert response.status == 422
    assert response.error["code"] == "invalid"
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"instrument": "epds", "answers": {"3": 4}}, "answers.3"),
        ({"instrument": "epds", "answers": {"12": 0}}, "answers.12"),
        ({"instrument": "epds", "answers": {"3": "often"}}, "answers.3"),
        ({"instrument": "nope", "answers": {}}, "instrument"),
        ({"answers": {}}, "instrument"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_saved(
    api: ApiClient, body: dict, field: str
) -> None:
    response = api.post("/responses", body)
    assert response.status == 422, response.body
    assert any(k.startswith(field) for k in response.error["fields"]), response.error
    assert not Response.objects.exists()


def test_a_bad_patch_leaves_the_draft_as_it_was(api: ApiClient) -> None:
    draft = submit(api, {"1": 2}, complete=False)
    response = api.patch(
        f"/responses/{draft['id']}", {"answers": {"1": 0, "2": 9}, "shared_with_family": True}
    )
    assert response.status == 422
    again = api.get(f"/responses/{draft['id']}").body
    assert again["answers"] == draft["answers"] and again["shared_with_family"] is False


def test_a_finished_response_cannot_be_re_answered(api: ApiClient) -> None:
    done = submit(api, with_total(3))
    response = api.patch(f"/responses/{done['id']}", {"answers": {"1": 3}})
    assert response.status == 422
    assert api.get(f"/responses/{done['id']}").body["score"]["total"] == 3


def test_the_list_is_paginated(api: ApiClient) -> None:
    for total in (1, 2, 3):
        submit(api, with_total(total))
    page = api.get("/responses", {"limit": 2})
    assert page.status == 200
    assert page.body["count"] == 3 and len(page.body["results"]) == 2
    assert page.body["next"] and page.body["previous"] is None
    rest = api.get(page.body["next"])
    assert len(rest.body["results"]) == 1


def test_the_fhir_bundle(api: ApiClient, alice: Member) -> None:
    done = submit(api, with_total(14, item10=1))
    client = Client()
    client.force_login(alice.user)
    response = client.get(f"/api/v1/responses/{done['id']}/fhir")
    assert response.status_code == 200
    bundle = json.loads(response.content)
    Bundle.model_validate(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == [
        "Patient",
        "Questionnaire",
        "QuestionnaireResponse",
        "Observation",
        "Observation",
    ]
    assert bundle["entry"][3]["resource"]["valueInteger"] == 14


def test_her_partner_gets_404_until_she_shares(api: ApiClient, dan_api: ApiClient) -> None:
    done = submit(api, with_total(12))
    url = f"/responses/{done['id']}"
    assert dan_api.get(url).status == 404
    assert dan_api.get(f"{url}/fhir").status == 404
    assert dan_api.get("/responses").body["count"] == 0
    assert api.patch(url, {"shared_with_family": True}).status == 200
    seen = dan_api.get(url)
    assert seen.status == 200 and seen.body["mine"] is False
    assert seen.body["score"]["total"] == 12
    assert dan_api.get("/responses").body["count"] == 1
    # Seeing is not changing: only she can unshare or edit.
    assert dan_api.patch(url, {"shared_with_family": False}).status == 403
    assert api.get(url).body["shared_with_family"] is True


def test_bob_gets_404_on_everything_of_alices(api: ApiClient, bob_api: ApiClient) -> None:
    done = submit(api, with_total(12), shared_with_family=True)
    draft = submit(api, {"1": 1}, complete=False, shared_with_family=True)
    for rid in (done["id"], draft["id"]):
        url = f"/responses/{rid}"
        for response in (
            bob_api.get(url),
            bob_api.get(f"{url}/fhir"),
            bob_api.patch(url, {"shared_with_family": False}),
            bob_api.post(f"{url}/complete"),
        ):
            assert response.status == 404
            assert response.error["code"] == "not_found"
    assert bob_api.get("/responses").body["count"] == 0
    assert api.get(f"/responses/{done['id']}").body["shared_with_family"] is True


def test_her_partner_cannot_answer_an_epds_in_his_name(dan_api: ApiClient) -> None:
    """The EPDS is the mother's: the page tells a partner what is there for him, and the API
    refuses him as clearly, saving nothing (his own mood is under /mood)."""
    refused = dan_api.post(
        "/responses", {"instrument": "epds", "answers": with_total(12), "complete": True}
    )
    assert refused.status == 422
    assert "only her own account answers it" in refused.body["error"]["fields"]["instrument"][0]
    assert not Response.objects.exists()
