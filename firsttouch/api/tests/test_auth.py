"""Who may call: bearer tokens, sessions with CSRF, and nobody else."""

from __future__ import annotations

import json
from datetime import timedelta

from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.utils import timezone

from firsttouch.accounts.models import ApiToken, Membership
from firsttouch.tracking.models import Note

from .helpers import ApiClient


def test_health_needs_no_log_in(db) -> None:
    response = ApiClient().get("/health")
    assert response.status == 200
    assert response.body == {"status": "ok"}


def test_anonymous_callers_get_401_in_the_error_shape(mia) -> None:
    anonymous = ApiClient()
    for path in ("/babies", "/sleep", f"/babies/{mia.pk}", "/routines"):
        response = anonymous.get(path)
        assert response.status == 401, path
        assert response.error["code"] == "not_authenticated"
    assert anonymous.post("/notes", {"baby": mia.pk, "notes": "Hi"}).status == 401
    assert not Note.objects.exists()


def test_a_bearer_token_works_and_records_when_it_was_used(alice, mia) -> None:
    token, raw = ApiToken.issue(alice.user, "Home Assistant")
    client = ApiClient(token=raw)
    response = client.get("/babies")
    assert response.status == 200
    assert [b["name"] for b in response.body["results"]] == ["Mia"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(alice, mia) -> None:
    token, raw = ApiToken.issue(alice.user, "Phone")
    recently = timezone.now() - timedelta(seconds=20)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recently)
    ApiClient(token=raw).get("/babies")
    token.refresh_from_db()
    assert token.last_used_at == recently

    long_ago = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)
    ApiClient(token=raw).get("/babies")
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > long_ago


def test_a_revoked_or_unknown_token_is_401(alice, mia) -> None:
    token, raw = ApiToken.issue(alice.user, "Old phone")
    token.delete()
    response = ApiClient(token=raw).get("/babies")
    assert response.status == 401
    assert response.error["code"] == "not_authenticated"
    assert ApiClient(token="ft_made-up").post("/notes", {"baby": mia.pk}).status == 401


def test_a_token_with_a_session_cookie_is_still_judged_as_a_token(alice, mia) -> None:
    client = ApiClient(token="ft_made-up")
    client.client.force_login(alice.user)
    assert client.get("/babies").status == 401


def test_a_session_can_read_and_write_with_the_csrf_token(alice, mia) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    assert client.get("/api/v1/babies").status_code == 200
    body = json.dumps({"baby": mia.pk, "notes": "From the browser"})

    refused = client.post("/api/v1/notes", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert not Note.objects.exists()

    # What a page's {% csrf_token %} gives the browser: the cookie, echoed in a header.
    csrf = "x" * CSRF_SECRET_LENGTH
    client.cookies["csrftoken"] = csrf
    accepted = client.post(
        "/api/v1/notes", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201, accepted.content
    assert Note.objects.get().notes == "From the browser"


def test_a_caller_without_a_family_gets_403(alice, mia) -> None:
    client = ApiClient(alice)
    Membership.objects.filter(user=alice.user).delete()
    response = client.get("/babies")
    assert response.status == 403
    assert response.error["code"] == "no_family"
    session = Client()
    session.force_login(alice.user)
    assert session.get("/api/v1/sleep").status_code == 403
