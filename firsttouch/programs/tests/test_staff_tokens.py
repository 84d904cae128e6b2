"""Issue 11, gap 2: staff see their own API tokens (prefix and dates, never the secret) on the
staff page and revoke them there; someone else's token cannot be revoked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.models import ApiToken
from firsttouch.programs.models import Organisation
from tests.staff import make_staff, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic() -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="t@river.test")


def test_the_page_lists_her_staff_tokens_without_the_secret(clinic: Organisation) -> None:
    nina = make_staff(clinic, "nina@river.test", "Nina Nurse")
    token, raw = ApiToken.issue(nina, "Ward tablet", second_factor_at=timezone.now())
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    ApiToken.issue(nina, "Family key")  # not a staff token: not listed here
    page = verified_client(nina).get(reverse("staff:home")).content.decode()
    assert "Ward tablet" in page and f"{token.prefix}…" in page and "last used" in page
    assert raw not in page and raw[8:] not in page
    assert "Family key" not in page
    assert reverse("staff:revoke_token", args=[token.pk]) in page


def test_she_revokes_her_own_token_with_a_message(clinic: Organisation) -> None:
    nina = make_staff(clinic, "nina@river.test", "Nina Nurse")
    token, _ = ApiToken.issue(nina, "Ward tablet", second_factor_at=timezone.now())
    client = verified_client(nina)
    url = reverse("staff:revoke_token", args=[token.pk])
    assert client.get(url).status_code == 405  # a POST only
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:home")
    assert f"Token {token.prefix}… revoked" in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_she_cannot_revoke_anyone_elses_token(clinic: Organisation) -> None:
    nina = make_staff(clinic, "nina@river.test", "Nina Nurse")
    omar = make_staff(clinic, "omar@river.test", "Omar Nurse")
    his, _ = ApiToken.issue(omar, "Omar's laptop", second_factor_at=timezone.now())
    response = verified_client(nina).post(reverse("staff:revoke_token", args=[his.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=his.pk).exists()
    assert "Omar" not in verified_client(nina).get(reverse("staff:home")).content.decode()


def test_revoking_needs_the_second_factor_and_csrf(clinic: Organisation) -> None:
    from django.test import Client

    nina = make_staff(clinic, "nina@river.test", "Nina Nurse")
    token, _ = ApiToken.issue(nina, "Ward tablet", second_factor_at=timezone.now())
    password_only = Client()
    password_only.force_login(nina)
    url = reverse("staff:revoke_token", args=[token.pk])
    assert password_only.post(url).status_code == 302  # to the second factor
    strict = verified_client(nina)
    strict.handler.enforce_csrf_checks = True
    assert strict.post(url).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()
