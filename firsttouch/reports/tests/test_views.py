"""The download, on the page and over the API: the family's babies only, as an attachment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.models import ApiToken
from firsttouch.babies.models import Baby
from tests.cast import Member

from .helpers import pages, text


def _page(baby: Baby) -> str:
    return reverse("reports:baby_pdf", args=[baby.pk])


def _api(member: Member | None, baby: Baby) -> Any:
    path = f"/api/v1/babies/{baby.pk}/report.pdf"
    if member is None:
        return Client().get(path)
    _, token = ApiToken.issue(member.user, "report")
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def _assert_pdf_of(response: Any, name: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "firsttouch-" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert pages(response.content) == 1
    assert name in text(response.content)


def test_the_mother_downloads_her_babys_pdf(alice: Member, mia: Baby) -> None:
    response = alice.client().get(_page(mia))
    _assert_pdf_of(response, "Mia")
    assert 'filename="firsttouch-mia-' in response["Content-Disposition"]


def test_a_partner_in_the_family_may_download_it(dan: Member, mia: Baby) -> None:
    _assert_pdf_of(dan.client().get(_page(mia)), "Mia")


def test_bob_gets_404_for_alices_baby_on_the_page(bob: Member, mia: Baby) -> None:
    assert bob.client().get(_page(mia)).status_code == 404


def test_a_non_latin1_name_gets_an_encoded_file_name(alice: Member) -> None:
    born = timezone.localdate() - timedelta(days=30)
    baby = Baby.objects.create(family=alice.family, name="Łucja", birth_date=born)
    response = alice.client().get(_page(baby))
    _assert_pdf_of(response, "Łucja")
    assert "filename*=utf-8''firsttouch-%C5%82ucja-" in response["Content-Disposition"]


def test_logged_out_the_page_sends_to_log_in(mia: Baby) -> None:
    response = Client().get(_page(mia))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_api_answers_the_same_pdf(alice: Member, mia: Baby) -> None:
    _assert_pdf_of(_api(alice, mia), "Mia")


def test_bob_gets_404_in_the_error_shape_over_the_api(bob: Member, mia: Baby) -> None:
    response = _api(bob, mia)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_api_needs_authentication(mia: Baby) -> None:
    response = _api(None, mia)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_the_api_route_is_documented(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/babies/{baby_id}/report.pdf"]["get"]
    assert operation["summary"] == "The baby's one-page PDF summary for the doctor"
    assert "application/pdf" in operation["responses"]["200"]["content"]
    assert "404" in operation["responses"]
