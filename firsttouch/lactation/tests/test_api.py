"""/api/v1/lactation-sessions and /lactation-guide."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from firsttouch.accounts.models import ApiToken
from firsttouch.lactation.models import LactationSession
from firsttouch.massage.models import Massager
from tests.cast import Member

pytestmark = pytest.mark.django_db
URL = "/api/v1/lactation-sessions"


def api(member: Member) -> Client:
    _, raw = ApiToken.issue(member.user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client: Client, body: dict) -> Any:
    return client.post(URL, body, content_type="application/json")


def test_create_carries_the_red_flags(alice: Member) -> None:
    response = post(api(alice), {"side": "right", "temperature_c": 38.6, "pain": 4})
    assert response.status_code == 201
    body = response.json()
    assert body["side"] == "right"
    assert [(f["code"], f["urgency"], f["source"]) for f in body["red_flags"]] == [
        ("fever", "same_day", "abm-36")
    ]


def test_38_4_has_no_flag(alice: Member) -> None:
    assert post(api(alice), {"side": "left", "temperature_c": 38.4}).json()["red_flags"] == []


def test_read_list_patch_delete(alice: Member) -> None:
    client = api(alice)
    created = post(client, {"side": "left", "lump": True, "lump_location": "upper outer"})
    pk = created.json()["id"]
    assert client.get(f"{URL}/{pk}").json()["lump_location"] == "upper outer"
    patched = client.patch(
        f"{URL}/{pk}", {"redness": "spreading"}, content_type="application/json"
    ).json()
    assert patched["lump"] is True
    assert [f["code"] for f in patched["red_flags"]] == ["spreading_redness"]
    post(client, {"side": "right"})
    page = client.get(URL, {"limit": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    assert "red_flags" in page["results"][0]
    assert client.get(URL, {"side": "left"}).json()["count"] == 1
    assert client.delete(f"{URL}/{pk}").status_code == 204
    assert client.get(f"{URL}/{pk}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"side": "middle"},
        {"side": "left", "pain": 11},
        {"side": "left", "fullness": 4},
        {"side": "left", "temperature_c": 45},
        {},
        {"side": "left", "lump_hours": 30},
    ],
)
def test_bad_input_is_a_422_and_saves_nothing(alice: Member, body: dict) -> None:
    response = post(api(alice), body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert not LactationSession.objects.exists()


def test_another_familys_wand_is_a_404(alice: Member, bob: Member) -> None:
    theirs = Massager.objects.create(family=bob.family, vibration_levels=["low"])
    response = post(api(alice), {"side": "left", "tool": "wand", "massager": theirs.pk})
    assert response.status_code == 404
    assert not LactationSession.objects.exists()


def test_own_wand_level_is_checked(alice: Member) -> None:
    wand = Massager.objects.create(family=alice.family, vibration_levels=["off", "low"])
    client = api(alice)
    ok = post(client, {"side": "left", "tool": "wand", "massager": wand.pk, "vibration": "low"})
    assert ok.status_code == 201 and ok.json()["massager"] == wand.pk
    bad = post(client, {"side": "left", "tool": "wand", "massager": wand.pk, "vibration": "high"})
    assert bad.status_code == 422 and "vibration" in bad.json()["error"]["fields"]


def test_partner_and_other_family_get_404(alice: Member, dan: Member, bob: Member) -> None:
    pk = post(api(alice), {"side": "left"}).json()["id"]
    for other in (dan, bob):
        client = api(other)
        assert client.get(f"{URL}/{pk}").status_code == 404
        assert (
            client.patch(f"{URL}/{pk}", {"pain": 1}, content_type="application/json").status_code
            == 404
        )
        assert client.delete(f"{URL}/{pk}").status_code == 404
        assert client.get(URL).json()["count"] == 0
    assert LactationSession.objects.filter(pk=pk, pain=0).exists()


def test_the_guide(alice: Member) -> None:
    body = api(alice).get("/api/v1/lactation-guide").json()
    assert len(body["steps"]) >= 5
    assert {s["id"] for s in body["sources"]} == {"abm-36", "douglas-2023", "witt-2016", "product"}


def test_routes_need_authentication(db: None) -> None:
    assert Client().get(URL).status_code == 401


def test_a_retried_create_with_the_same_key_saves_once(alice: Member) -> None:
    client = api(alice)
    body = {"side": "left", "started_at": "2026-01-10T08:30:00", "temperature_c": 38.5}
    first = client.post(
        URL, body, content_type="application/json", headers={"Idempotency-Key": "k1"}
    )
    again = client.post(
        URL, body, content_type="application/json", headers={"Idempotency-Key": "k1"}
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert LactationSession.objects.count() == 1
    # A naive time is read in the family's zone (London, GMT in January) and sent back in UTC.
    assert first.json()["started_at"].startswith("2026-01-10T08:30:00")
    assert first.json()["started_at"].endswith("Z")
    assert first.json()["red_flags"][0]["code"] == "fever"


def test_the_list_takes_the_same_queries_for_3_or_30_rows(
    alice: Member, django_assert_max_num_queries: Any
) -> None:
    client = api(alice)
    for i in range(30):
        post(
            client,
            {
                "side": "left" if i % 2 else "right",
                "lump": True,
                "started_at": f"2026-01-{1 + i % 28:02d}T08:{i:02d}:00",
            },
        )
    with django_assert_max_num_queries(6):
        page = client.get(URL, {"limit": 30}).json()
    assert len(page["results"]) == 30
    assert any(r["red_flags"] for r in page["results"])  # lasting lumps, from the one query
