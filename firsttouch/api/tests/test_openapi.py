"""The published schema is valid OpenAPI, and the docs page ships its own assets."""

from __future__ import annotations

from django.test import Client
from openapi_spec_validator import validate

from .helpers import ApiClient


def test_the_openapi_document_is_valid(db) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["info"]["title"] == "firsttouch API"
    paths = spec["paths"]
    for kind in ("sleep", "crying", "feeds"):
        assert "post" in paths[f"/api/v1/{kind}/{{id}}/stop"]
    assert "/api/v1/nappies/{id}/stop" not in paths
    schemes = spec["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_every_family_route_requires_auth_in_the_schema(db) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    open_routes = {
        (path, method)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if not op.get("security")
    }
    assert open_routes == {
        ("/api/v1/health", "get"),
        ("/api/v1/auth/token", "post"),
        ("/api/v1/staff/token", "post"),
    }


def test_the_docs_page_uses_no_cdn(api: ApiClient) -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_every_429_response_declares_retry_after(db) -> None:
    """Clients are told in the schema to read Retry-After; throttled routes send it."""
    spec = Client().get("/api/v1/openapi.json").json()
    throttled = {
        (path, method): op["responses"]["429"]
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if "429" in op.get("responses", {})
    }
    assert ("/api/v1/auth/token", "post") in throttled
    for where, response in throttled.items():
        header = response.get("headers", {}).get("Retry-After")
        assert header is not None, f"{where}: the 429 does not declare Retry-After"
        assert header["schema"]["type"] == "integer"
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
