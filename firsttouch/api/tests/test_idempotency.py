"""Idempotency-Key: a retried create returns the first response and creates nothing new."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from firsttouch.api.models import IdempotencyKey
from firsttouch.tracking.models import Feed, Note

from .helpers import ApiClient, ago, iso


def test_a_retry_returns_the_first_response(api: ApiClient, mia) -> None:
    body = {
        "baby": mia.pk,
        "start": iso(ago(minutes=30)),
        "end": iso(ago(minutes=10)),
        "kind": "bottle",
        "contents": "formula",
        "amount_ml": 90,
    }
    first = api.post("/feeds", body, **{"Idempotency-Key": "feed-1"})
    assert first.status == 201
    again = api.post("/feeds", body, **{"Idempotency-Key": "feed-1"})
    assert again.status == 201
    assert again.body == first.body
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert Feed.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api: ApiClient, mia) -> None:
    api.post("/notes", {"baby": mia.pk, "notes": "One"}, **{"Idempotency-Key": "k"})
    response = api.post("/notes", {"baby": mia.pk, "notes": "Two"}, **{"Idempotency-Key": "k"})
    assert response.status == 422
    assert response.error["code"] == "idempotency_key_reused"
    assert list(Note.objects.values_list("notes", flat=True)) == ["One"]


def test_the_same_key_on_another_route_is_refused(api: ApiClient, mia) -> None:
    api.post("/notes", {"baby": mia.pk, "notes": "One"}, **{"Idempotency-Key": "k"})
    response = api.post("/sleep", {"baby": mia.pk, "notes": "One"}, **{"Idempotency-Key": "k"})
    assert response.status == 422
    assert response.error["code"] == "idempotency_key_reused"


def test_keys_belong_to_one_user(api: ApiClient, dan, mia) -> None:
    body = {"baby": mia.pk, "notes": "Bath time"}
    api.post("/notes", body, **{"Idempotency-Key": "same"})
    second = ApiClient(dan).post("/notes", body, **{"Idempotency-Key": "same"})
    assert second.status == 201
    assert Note.objects.count() == 2


def test_a_refused_create_is_not_remembered(api: ApiClient, mia) -> None:
    bad = api.post("/notes", {"baby": mia.pk, "notes": ""}, **{"Idempotency-Key": "fix-me"})
    assert bad.status == 422
    assert not IdempotencyKey.objects.exists()
    good = api.post("/notes", {"baby": mia.pk, "notes": "Fixed"}, **{"Idempotency-Key": "fix-me"})
    assert good.status == 201


def test_keys_expire_after_a_day(api: ApiClient, mia) -> None:
    body = {"baby": mia.pk, "notes": "Nap in the sling"}
    api.post("/notes", body, **{"Idempotency-Key": "old"})
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    api.post("/notes", body, **{"Idempotency-Key": "old"})
    assert Note.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1


def test_without_a_key_every_post_creates(api: ApiClient, mia) -> None:
    body = {"baby": mia.pk, "notes": "Hiccups"}
    api.post("/notes", body)
    api.post("/notes", body)
    assert Note.objects.count() == 2
