"""Every route of the published schema, walked from the schema itself.

Nothing here lists routes by hand: a new route is checked the day it is added. Each one must
answer 401 without credentials, 404 for an id that is not there, and 422 with ``fields`` for bad
input, always in the one error shape; its paginated list must be the one ``Page``; and it must
document what it answers.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from firsttouch.api.api import api
from firsttouch.api.tests.helpers import ApiClient

SPEC: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), default=str))
COMPONENTS: dict[str, Any] = SPEC["components"]["schemas"]
METHODS = {"get", "post", "put", "patch", "delete"}
OPERATIONS = [
    (path, method, op)
    for path, ops in sorted(SPEC["paths"].items())
    for method, op in sorted(ops.items())
    if method in METHODS
]
PUBLIC = {
    ("/api/v1/health", "get"),
    ("/api/v1/auth/token", "post"),
    ("/api/v1/staff/token", "post"),
}
ERROR_REF = "#/components/schemas/ErrorOut"
MISSING_ID = 987_654_321
PAGE_FIELDS = {"count", "next", "previous", "results"}


def ids(ops: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [f"{method.upper()} {path}" for path, method, _ in ops]


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def params(op: dict[str, Any], where: str) -> list[dict[str, Any]]:
    return [p for p in op.get("parameters", []) if p["in"] == where]


def json_body(op: dict[str, Any]) -> dict[str, Any] | None:
    content = op.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def is_multipart(op: dict[str, Any]) -> bool:
    return "multipart/form-data" in op.get("requestBody", {}).get("content", {})


def sample(schema: dict[str, Any]) -> Any:
    """The smallest value the schema accepts: required fields only, first choices."""
    schema = resolve(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = schema[key]
            if key != "allOf" and any(o.get("type") == "null" for o in options):
                return None
            return sample(options[0])
    if "enum" in schema:
        return schema["enum"][0]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: sample(props[name]) for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if fmt == "date-time":
        return (timezone.now() - timedelta(minutes=5)).isoformat()
    if fmt == "date":
        return date.today().isoformat()
    return "x" * max(schema.get("minLength", 1), 1)


def path_value(param: dict[str, Any]) -> str:
    """A value for a path parameter that names nothing."""
    schema = resolve(param["schema"])
    if schema.get("type") == "integer":
        return str(MISSING_ID)
    if schema.get("format") == "date":
        return "2000-01-01"
    return "no-such-thing"


def url(path: str, op: dict[str, Any]) -> str:
    for param in params(op, "path"):
        path = path.replace("{" + param["name"] + "}", path_value(param))
    return path


def assert_error_shape(body: Any, code: str | None = None) -> dict[str, Any]:
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message"} <= set(error) <= {"code", "message", "fields"}, error
    assert isinstance(error["code"], str) and isinstance(error["message"], str), error
    assert error["message"], error
    if code is not None:
        assert error["code"] == code, error
    return error


def documented(op: dict[str, Any], status: int) -> dict[str, Any] | None:
    return op["responses"].get(str(status))


def assert_documented_error(op: dict[str, Any], status: int) -> None:
    response = documented(op, status)
    assert response is not None, f"{status} is not documented"
    assert response["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}


PROTECTED = [o for o in OPERATIONS if (o[0], o[1]) not in PUBLIC]
# A PUT to a day sets that day: there is no missing row to answer 404 for.
WITH_IDS = [
    o
    for o in OPERATIONS
    if params(o[2], "path")
    and not (
        o[1] == "put"
        and any(resolve(p["schema"]).get("format") == "date" for p in params(o[2], "path"))
    )
]
WITH_INPUT = [
    o
    for o in OPERATIONS
    if json_body(o[2]) is not None
    or is_multipart(o[2])
    or any(
        p["name"] in ("limit", "offset")
        or resolve(p["schema"]).get("type") in ("integer", "boolean", "number")
        or resolve(p["schema"]).get("format") in ("date", "date-time")
        for p in params(o[2], "query")
    )
]
LISTS = [o for o in OPERATIONS if {"limit", "offset"} <= {p["name"] for p in params(o[2], "query")}]


def test_the_walk_covers_every_kind_of_route() -> None:
    assert len(OPERATIONS) > 60
    assert len(WITH_IDS) > 40 and len(WITH_INPUT) > 30 and len(LISTS) > 10


@pytest.mark.parametrize(("path", "method", "op"), PROTECTED, ids=ids(PROTECTED))
def test_without_credentials_it_is_401(db, path: str, method: str, op: dict[str, Any]) -> None:
    assert_documented_error(op, 401)
    # CSRF enforced as in a real browser: an unsafe call with neither a session nor a token
    # must still be 401, not the session's 403 csrf_failed.
    response = getattr(Client(enforce_csrf_checks=True), method)(url(path, op))
    assert response.status_code == 401, response.content
    assert_error_shape(response.json(), "not_authenticated")


UNSAFE = [o for o in PROTECTED if o[1] != "get"]


@pytest.mark.parametrize(("path", "method", "op"), UNSAFE, ids=ids(UNSAFE))
def test_a_session_without_its_csrf_token_is_403(
    alice, path: str, method: str, op: dict[str, Any]
) -> None:
    assert_documented_error(op, 403)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    response = getattr(client, method)(url(path, op))
    assert response.status_code == 403, response.content
    assert_error_shape(response.json(), "csrf_failed")


WITH_BODY = [o for o in OPERATIONS if json_body(o[2]) is not None or is_multipart(o[2])]


@pytest.mark.parametrize(("path", "method", "op"), WITH_BODY, ids=ids(WITH_BODY))
def test_a_route_with_a_body_documents_400_and_413(
    path: str, method: str, op: dict[str, Any]
) -> None:
    assert_documented_error(op, 400)
    assert_documented_error(op, 413)


JSON_BODIES = [o for o in WITH_BODY if json_body(o[2]) is not None]


@pytest.mark.parametrize(("path", "method", "op"), JSON_BODIES, ids=ids(JSON_BODIES))
def test_a_body_that_is_not_json_is_400(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    headers = {"Authorization": f"Bearer {api.token}"}
    response = getattr(api.client, method)(
        url(path, op), data="{not json", content_type="application/json", headers=headers
    )
    assert response.status_code == 400, response.content
    assert_error_shape(response.json(), "bad_request")


def test_only_throttled_routes_document_429() -> None:
    throttled = {(path, method) for path, method, op in OPERATIONS if documented(op, 429)}
    assert throttled == {("/api/v1/auth/token", "post"), ("/api/v1/staff/token", "post")}


@pytest.mark.parametrize(("path", "method", "op"), WITH_IDS, ids=ids(WITH_IDS))
def test_an_id_that_is_not_there_is_404(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    assert_documented_error(op, 404)
    schema = json_body(op)
    response = api.request(
        method.upper(), url(path, op), sample(schema) if schema is not None else None
    )
    assert response.status == 404, response.body
    assert_error_shape(response.body, "not_found")


@pytest.mark.parametrize(("path", "method", "op"), WITH_INPUT, ids=ids(WITH_INPUT))
def test_bad_input_is_422_with_fields(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    assert_documented_error(op, 422)
    target = url(path, op)
    headers = {"Authorization": f"Bearer {api.token}"}
    if json_body(op) is not None:
        # A body that is not an object is a 400 (api.kit.parser), and ``{}`` is a valid
        # all-optional PATCH: a field of the wrong type is what every body refuses with 422.
        field = next(iter(resolve(json_body(op) or {})["properties"]))
        body = json.dumps({field: {"not": ["valid"]}})
        response = getattr(api.client, method)(
            target, data=body, content_type="application/json", headers=headers
        )
    elif is_multipart(op):
        response = getattr(api.client, method)(target, data={}, headers=headers)
    else:
        bad = next(
            p["name"]
            for p in params(op, "query")
            if p["name"] in ("limit", "offset")
            or resolve(p["schema"]).get("type") in ("integer", "boolean", "number")
            or resolve(p["schema"]).get("format") in ("date", "date-time")
        )
        response = getattr(api.client, method)(f"{target}?{bad}=not-valid", headers=headers)
    assert response.status_code == 422, response.content
    error = assert_error_shape(response.json(), "invalid")
    assert error["fields"], error


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=ids(OPERATIONS))
def test_it_documents_what_it_answers(path: str, method: str, op: dict[str, Any]) -> None:
    answers = {int(status): body for status, body in op["responses"].items()}
    successes = [status for status in answers if 200 <= status < 300]
    assert successes, "no success response is documented"
    for status in successes:
        if status != 204:
            content = answers[status].get("content", {})
            assert content and all(c.get("schema") for c in content.values()), answers[status]
    for status, body in answers.items():
        if status >= 400:
            assert body["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}


def test_paginated_lists_share_one_page_schema() -> None:
    shapes = []
    for path, method, op in LISTS:
        ok = documented(op, 200)
        assert ok is not None, f"{method} {path}"
        page = resolve(ok["content"]["application/json"]["schema"])
        properties = page["properties"]
        assert set(properties) == PAGE_FIELDS, f"{method} {path}"
        assert properties["results"]["type"] == "array"
        assert "$ref" in properties["results"]["items"], f"{method} {path}"
        shapes.append(
            json.dumps({k: v for k, v in properties.items() if k != "results"}, sort_keys=True)
        )
    assert len(set(shapes)) == 1, "the lists' pages differ in count, next or previous"


def test_the_epds_routes_type_their_times_and_document_the_safety_block() -> None:
    response = COMPONENTS["ResponseOut"]["properties"]
    assert response["started_at"]["format"] == "date-time"
    assert {"$ref": "#/components/schemas/SafetyOut"} in response["safety"]["anyOf"]
    safety = COMPONENTS["SafetyOut"]
    assert {"message", "emergency_number", "crisis_lines"} <= set(safety["required"])
    assert safety["properties"]["crisis_lines"]["items"] == {"$ref": "#/components/schemas/LineOut"}
