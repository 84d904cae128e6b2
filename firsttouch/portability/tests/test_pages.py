"""The export page and its downloads, and the API routes' functions."""

from __future__ import annotations

import io
import json
import zipfile
from typing import cast

from django.test import Client, RequestFactory
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from firsttouch.accounts.services import remove_caregiver
from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest
from firsttouch.portability import api
from firsttouch.portability.tests.factories import fill
from tests.cast import Member


def test_the_page_offers_both_downloads(alice: Member) -> None:
    page = alice.client().get(reverse("portability:export"))
    assert page.status_code == 200
    assert reverse("portability:export_csv").encode() in page.content
    assert reverse("portability:export_fhir").encode() in page.content


def test_the_settings_page_links_to_export_and_delete(alice: Member) -> None:
    page = alice.client().get(reverse("accounts:settings"))
    assert reverse("portability:export").encode() in page.content
    assert reverse("portability:delete").encode() in page.content


def test_the_csv_download_is_a_named_zip(alice: Member, mia: Baby) -> None:
    fill(alice, mia)
    response = alice.client().get(reverse("portability:export_csv"))
    assert response["Content-Type"] == "application/zip"
    assert 'filename="firsttouch-export-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.zip"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "Mia" in archive.read("babies.csv").decode("utf-8-sig")


def test_the_fhir_download_is_a_valid_bundle(alice: Member, mia: Baby) -> None:
    fill(alice, mia)
    response = alice.client().get(reverse("portability:export_fhir"))
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].endswith('.fhir.json"')
    Bundle.model_validate(json.loads(response.content))


def test_bobs_download_has_only_his_family(
    alice: Member, mia: Baby, bob: Member, leo: Baby
) -> None:
    response = bob.client().get(reverse("portability:export_csv"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        babies = archive.read("babies.csv").decode("utf-8-sig")
    assert "Leo" in babies and "Mia" not in babies
    assert b"Mia" not in bob.client().get(reverse("portability:export_fhir")).content


def test_logged_out_visitors_are_sent_to_log_in(client: Client) -> None:
    for name in ("export", "export_csv", "export_fhir"):
        response = client.get(reverse(f"portability:{name}"))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_removed_caregiver_gets_403_not_the_family(alice: Member, dan: Member, mia: Baby) -> None:
    remove_caregiver(alice.membership, dan.membership)
    for name in ("export", "export_csv", "export_fhir"):
        assert dan.client().get(reverse(f"portability:{name}")).status_code == 403
    # Leaving entirely is still possible.
    assert dan.client().get(reverse("portability:delete")).status_code == 200


def test_the_api_routes_answer_the_callers_family(alice: Member, mia: Baby, bob: Member) -> None:
    request = cast(FamilyRequest, RequestFactory().get("/api/v1/export/csv"))
    request.user, request.family = bob.user, bob.family
    with zipfile.ZipFile(io.BytesIO(api.export_csv(request).content)) as archive:
        assert "Mia" not in archive.read("babies.csv").decode("utf-8-sig")
    request.user, request.family = alice.user, alice.family
    bundle = json.loads(api.export_fhir(request).content)
    assert [e["resource"]["name"][0]["given"] for e in bundle["entry"]] == [["Mia"]]
