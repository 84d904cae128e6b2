"""/api/v1/ mood, self-care and symptoms: the caller's own rows, the one error shape."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from firsttouch.accounts.models import ApiToken
from firsttouch.selfcare import services
from tests.cast import Member

pytestmark = pytest.mark.django_db


def api(member: Member) -> Client:
    _, raw = ApiToken.issue(member.user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def day(offset: int = 0) -> str:
    return (timezone.localdate() - timedelta(days=offset)).isoformat()


def put(client: Client, path: str, body: dict) -> Any:
    return client.put(path, body, content_type="application/json")


def test_put_then_get_a_mood(alice: Member) -> None:
    client = api(alice)
    response = put(client, f"/api/v1/mood/{day()}", {"mood": 3, "note": "ok"})
    assert response.status_code == 200
    assert response.json()["label"] == "Okay"
    put(client, f"/api/v1/mood/{day()}", {"mood": 5})
    got = client.get(f"/api/v1/mood/{day()}").json()
    assert (got["mood"], got["note"], got["date"]) == (5, "", day())


@pytest.mark.parametrize("body", [{"mood": 0}, {"mood": 6}, {}, {"mood": "happy"}])
def test_a_bad_mood_is_a_422_and_saves_nothing(alice: Member, body: dict) -> None:
    response = put(api(alice), f"/api/v1/mood/{day()}", body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert api(alice).get(f"/api/v1/mood/{day()}").status_code == 404


def test_a_future_mood_is_a_422(alice: Member) -> None:
    response = put(api(alice), f"/api/v1/mood/{day(-1)}", {"mood": 3})
    assert response.status_code == 422
    assert "future" in response.json()["error"]["message"]


def test_the_mood_list_is_paginated_and_filtered(alice: Member) -> None:
    for offset in range(5):
        services.set_mood(alice.user, timezone.localdate() - timedelta(days=offset), 3)
    client = api(alice)
    page = client.get("/api/v1/mood", {"limit": 2}).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"]
    assert page["results"][0]["date"] == day(0)
    ranged = client.get("/api/v1/mood", {"since": day(3), "until": day(1)}).json()
    assert [r["date"] for r in ranged["results"]] == [day(1), day(2), day(3)]


def test_self_care_day_and_week(alice: Member) -> None:
    client = api(alice)
    response = put(
        client, f"/api/v1/self-care/{day()}", {"sun": True, "social": True, "sleep_hours": 6.5}
    )
    assert response.status_code == 200
    assert client.get(f"/api/v1/self-care/{day()}").json()["sleep_hours"] in ("6.5", 6.5)
    week = client.get("/api/v1/self-care/week", {"date": day()}).json()
    assert week["days_with"]["sun"] == 1 and week["days_with"]["yoga"] == 0
    assert len(week["days"]) == 7


def test_bad_sleep_hours_are_a_422(alice: Member) -> None:
    response = put(api(alice), f"/api/v1/self-care/{day()}", {"sleep_hours": 30})
    assert response.status_code == 422
    assert "sleep_hours" in response.json()["error"]["fields"]


def test_symptoms_carry_the_suggestion(alice: Member) -> None:
    client = api(alice)
    first = put(client, f"/api/v1/symptoms/{day(1)}", {"anxiety": True, "low_energy": True})
    assert first.json()["suggestion"]["suggest_epds"] is False
    second = put(client, f"/api/v1/symptoms/{day()}", {"extreme_sadness": True}).json()
    assert second["present"] == ["extreme_sadness"]
    hint = second["suggestion"]
    assert hint["suggest_epds"] is True and hint["threshold"] == 3
    assert hint["symptoms_in_window"] == ["anxiety", "low_energy", "extreme_sadness"]
    assert hint["epds_url"].endswith("/wellbeing/epds/")
    assert client.get(f"/api/v1/symptoms/{day()}").json()["suggestion"]["suggest_epds"]


def test_partner_and_other_family_get_404(alice: Member, dan: Member, bob: Member) -> None:
    services.set_mood(alice.user, timezone.localdate(), 2, "private")
    services.set_self_care(alice.user, timezone.localdate(), yoga=True)
    services.set_symptoms(alice.user, timezone.localdate(), anxiety=True)
    for other in (dan, bob):
        client = api(other)
        for path in ("mood", "self-care", "symptoms"):
            response = client.get(f"/api/v1/{path}/{day()}")
            assert response.status_code == 404
            assert response.json()["error"]["code"] == "not_found"
        assert client.get("/api/v1/mood").json()["count"] == 0
        assert client.get("/api/v1/self-care/week").json()["days_with"]["yoga"] == 0


def test_the_routes_need_authentication(db: None) -> None:
    assert Client().get(f"/api/v1/mood/{day()}").status_code == 401
