"""Point 13: only JSON integers are answers, on every route that takes them.

The schema documents an answer as an integer (the option's index from 0). Pydantic's lax mode
used to read ``true`` as option 1 and ``"1"`` as 1, so a boolean was stored and scored. Now
booleans, strings and decimals get 422 with a message naming the item, and nothing is stored,
for the EPDS and for any other instrument (the bundled demo bonding questionnaire here).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.wellbeing import services
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR, instruments
from firsttouch.wellbeing.models import Response
from tests.cast import Member

NOT_ANSWERS = [True, False, "1", "0", 1.0]
OPENAPI = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


@pytest.fixture
def api(alice: Member) -> ApiClient:
    services.import_instrument(
        json.loads((INSTRUMENTS_DIR / "demo-bonding.fhir.json").read_text(encoding="utf-8"))
    )
    assert instruments().get("demo-bonding") is not None
    return ApiClient(alice)


@pytest.mark.parametrize("instrument", ["epds", "demo-bonding"])
@pytest.mark.parametrize("value", NOT_ANSWERS)
def test_create_refuses_anything_but_an_integer(
    api: ApiClient, instrument: str, value: object
) -> None:
    reply = api.post("/responses", {"instrument": instrument, "answers": {"1": value}})
    assert reply.status == 422, reply.body
    [message] = reply.body["error"]["fields"]["answers.1"]
    assert "JSON integer" in message and json.dumps(value) in message
    assert not Response.objects.exists()
    assert reply.body["error"]["fields"].keys() == {"answers.1"}  # not the instrument


@pytest.mark.parametrize("instrument", ["epds", "demo-bonding"])
@pytest.mark.parametrize("value", NOT_ANSWERS)
def test_update_refuses_anything_but_an_integer_and_keeps_the_draft(
    api: ApiClient, instrument: str, value: object
) -> None:
    created = api.post("/responses", {"instrument": instrument, "answers": {"1": 2}})
    assert created.status == 201, created.body
    reply = api.patch(f"/responses/{created.body['id']}", {"answers": {"1": value, "2": 0}})
    assert reply.status == 422, reply.body
    assert "answers.1" in reply.body["error"]["fields"]
    draft = Response.objects.get()
    assert draft.chosen() == {"1": 2}  # nothing changed, not even the good item


def test_true_is_not_scored_as_option_one_when_completing(api: ApiClient) -> None:
    answers: dict[str, object] = {str(i): 0 for i in range(1, 10)}
    answers["10"] = True
    reply = api.post("/responses", {"instrument": "epds", "answers": answers, "complete": True})
    assert reply.status == 422, reply.body
    assert not Response.objects.exists()


def test_integers_and_null_still_work(api: ApiClient) -> None:
    created = api.post("/responses", {"instrument": "epds", "answers": {"1": 0, "2": 3}})
    assert created.status == 201, created.body
    cleared = api.patch(f"/responses/{created.body['id']}", {"answers": {"2": None}})
    assert cleared.status == 200, cleared.body
    assert Response.objects.get().chosen() == {"1": 0}


def test_the_schema_documents_integers_only() -> None:
    schemas = json.loads(OPENAPI.read_text())["components"]["schemas"]
    answers = schemas["ResponseIn"]["properties"]["answers"]
    assert answers["additionalProperties"]["anyOf"] == [{"type": "integer"}, {"type": "null"}]
    assert "JSON integers only" in answers["description"]
    assert "JSON integers only" in schemas["ResponsePatch"]["properties"]["answers"]["description"]


@pytest.mark.parametrize(
    "url", ["/wellbeing/epds/", "/wellbeing/questionnaires/demo-bonding/"], ids=["epds", "demo"]
)
@pytest.mark.parametrize("value", ["true", "false", "1.0", ""])
def test_the_form_pages_refuse_them_too(
    api: ApiClient, alice: Member, url: str, value: str
) -> None:
    """The pages post form fields (text): only an option's number is a choice there."""
    reply = alice.client().post(url, {"item-1": value})
    assert reply.status_code == 400
    assert not Response.objects.exists()
