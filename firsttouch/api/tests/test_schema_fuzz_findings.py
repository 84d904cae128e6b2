"""What the schema fuzz (tests/test_api_fuzz.py) found, each pinned by its own test.

Walked from the published schema like test_every_route, so a route added later is held to the
same promise the day it is added.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from firsttouch.selfcare.models import MoodEntry, SelfCareDay, SymptomDay

from .helpers import ApiClient
from .test_every_route import (
    COMPONENTS,
    ERROR_REF,
    LISTS,
    OPERATIONS,
    PUBLIC,
    assert_error_shape,
    ids,
    params,
    resolve,
    url,
)

DAY_PUTS = [
    ("/mood/{date}", {"mood": 3}, MoodEntry),
    ("/self-care/{date}", {"yoga": True}, SelfCareDay),
    ("/symptoms/{date}", {"anxiety": True}, SymptomDay),
]
DAY_IDS = [path for path, _, _ in DAY_PUTS]
TYPED_PATHS = [
    o
    for o in OPERATIONS
    if any(
        resolve(p["schema"]).get("type") == "integer"
        or resolve(p["schema"]).get("format") == "date"
        for p in params(o[2], "path")
    )
]
PROTECTED = [o for o in OPERATIONS if (o[0], o[1]) not in PUBLIC]


def abc_url(path: str, op: dict[str, Any]) -> str:
    """The route with "abc" for each integer or date in its path."""
    for param in params(op, "path"):
        schema = resolve(param["schema"])
        if schema.get("type") == "integer" or schema.get("format") == "date":
            path = path.replace("{" + param["name"] + "}", "abc")
    return url(path, op)


@pytest.mark.parametrize(("path", "body", "model"), DAY_PUTS, ids=DAY_IDS)
def test_a_day_of_0_is_422_not_1_january_1970(
    api: ApiClient, path: str, body: dict[str, Any], model: type[Any]
) -> None:
    """pydantic read a number as seconds since 1970: ``PUT /mood/0`` set 1 January 1970."""
    response = api.request("PUT", path.replace("{date}", "0"), body)
    assert response.status == 422, response.body
    assert "date" in assert_error_shape(response.body, "invalid")["fields"]
    assert not model.objects.exists()


@pytest.mark.parametrize(("path", "body", "model"), DAY_PUTS, ids=DAY_IDS)
def test_a_body_that_is_a_json_list_is_400_and_saves_nothing(
    api: ApiClient, path: str, body: dict[str, Any], model: type[Any]
) -> None:
    """ninja read ``[null, null]`` as an object with no fields: a day of defaults was saved."""
    response = api.request("PUT", path.replace("{date}", "2026-11-24"), [None, None])
    assert response.status == 400, response.body
    assert_error_shape(response.body, "bad_request")
    assert not model.objects.exists()


def test_a_json_number_as_a_create_body_is_400(api: ApiClient, mia: Any) -> None:
    response = api.request("POST", "/notes", 7)
    assert response.status == 400, response.body
    assert_error_shape(response.body, "bad_request")


def test_a_since_filter_in_seconds_is_422(api: ApiClient) -> None:
    response = api.get("/mood", {"since": "86400"})
    assert response.status == 422, response.body
    assert "since" in assert_error_shape(response.body, "invalid")["fields"]


def test_an_iso_day_still_works(api: ApiClient) -> None:
    assert api.request("PUT", "/mood/2026-11-24", {"mood": 3}).status == 200
    assert api.get("/mood", {"since": "2026-11-01"}).body["count"] == 1


@pytest.mark.parametrize(("path", "method", "op"), TYPED_PATHS, ids=ids(TYPED_PATHS))
def test_a_path_id_or_day_that_does_not_parse_is_a_documented_422(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    """``GET /sleep/abc`` answered 422, but the route documented only 401, 403 and 404."""
    assert op["responses"]["422"]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}
    response = api.request(method.upper(), abc_url(path, op), {} if method != "get" else None)
    assert response.status == 422, response.body
    assert assert_error_shape(response.body, "invalid")["fields"]


@pytest.mark.parametrize(("path", "method", "op"), PROTECTED, ids=ids(PROTECTED))
def test_a_nul_in_the_query_is_a_documented_400(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    """The NUL guard answers 400 on every route, which most routes did not document."""
    assert op["responses"]["400"]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}
    headers = {"Authorization": f"Bearer {api.token}"}
    response = getattr(Client(), method)(f"{url(path, op)}?q=%00", headers=headers)
    assert response.status_code == 400, response.content
    assert_error_shape(response.json(), "bad_request")


def test_the_fhir_export_is_documented_as_the_json_object_it_is(api: ApiClient) -> None:
    fhir = next(op for path, method, op in OPERATIONS if path.endswith("/export/fhir"))
    schema = fhir["responses"]["200"]["content"]["application/fhir+json"]["schema"]
    assert schema["type"] == "object"
    response = api.client.get(
        "/api/v1/export/fhir", headers={"Authorization": f"Bearer {api.token}"}
    )
    assert response.status_code == 200
    assert isinstance(response.json(), dict) and response.json()["resourceType"] == "Bundle"


def test_lists_are_walked() -> None:
    assert len(TYPED_PATHS) > 40 and len(PROTECTED) > 90 and LISTS and COMPONENTS


def test_the_feeds_list_and_the_calendar_link_have_their_own_schemas() -> None:
    """Both were called FeedOut: the second replaced the first, so GET /feeds promised a list of
    calendar links (``{"url"}``) and every feed it answered broke the schema."""
    feeds = next(op for p, m, op in OPERATIONS if p == "/api/v1/feeds" and m == "get")
    page = resolve(feeds["responses"]["200"]["content"]["application/json"]["schema"])
    feed = resolve(page["properties"]["results"]["items"])
    assert {"kind", "side", "start", "end"} <= set(feed["properties"])
    link = next(op for p, m, op in OPERATIONS if p == "/api/v1/calendar-feed" and m == "post")
    assert set(
        resolve(link["responses"]["201"]["content"]["application/json"]["schema"])["required"]
    ) == {"url"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/staff/token"])
def test_a_form_post_to_a_json_route_is_a_400_not_a_500(path: str) -> None:
    """Django's test client posts an empty multipart form; the input guard reads its fields, so
    the raw body is gone when the route looks for JSON (RawPostDataException was a 500)."""
    answer = Client().post(path)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_request"
