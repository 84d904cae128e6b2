"""GET /api/v1/export/csv and /export/fhir: the caller's family only, with a bearer token."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.test import Client

from firsttouch.accounts.models import ApiToken
from firsttouch.babies.models import Baby
from tests.cast import Member


def _get(member: Member, path: str) -> Any:
    _, token = ApiToken.issue(member.user, "export")
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_csv_export_over_the_api_is_the_callers_family(
    alice: Member, mia: Baby, bob: Member, leo: Baby
) -> None:
    response = _get(alice, "/export/csv")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    babies = archive.read("babies.csv").decode()
    assert "Mia" in babies
    assert "Leo" not in babies
    assert "data-dictionary.csv" in archive.namelist()


def test_fhir_export_over_the_api_is_a_bundle_of_the_callers_babies(
    alice: Member, mia: Baby, bob: Member, leo: Baby
) -> None:
    response = _get(bob, "/export/fhir")
    assert response.status_code == 200
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    text = json.dumps(bundle)
    assert "Leo" in text
    assert "Mia" not in text


def test_export_needs_authentication(db: None) -> None:
    assert Client().get("/api/v1/export/csv").status_code == 401
