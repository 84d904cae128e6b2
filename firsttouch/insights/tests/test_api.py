"""GET /api/v1/babies/{id}/insights: Alice's baby for Alice, a 404 for Bob, 401 without a token."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_spec_validator import validate

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.babies.models import Baby
from firsttouch.insights.colic import RED_FLAGS
from tests.cast import Member

from .factories import build_history

TZ = "Europe/London"


def plant(baby: Baby, days: int = 40) -> None:
    today = timezone.now().astimezone(ZoneInfo(TZ)).date()
    build_history(baby, TZ, today - timedelta(days=days + 1), days, effect_minutes=45)


def test_alice_gets_the_comparisons_with_intervals_and_sentences(alice: Member, mia: Baby) -> None:
    plant(mia)
    response = ApiClient(alice).get(f"/babies/{mia.pk}/insights")
    assert response.status == 200
    body = response.body
    assert body["baby"] == mia.pk and body["min_days"] == 7
    by_key = {c["measure"]: c for c in body["comparisons"]}
    assert set(by_key) == {
        "total_sleep",
        "night_sleep",
        "longest_stretch",
        "night_wakings",
        "crying",
    }
    night = by_key["night_sleep"]
    assert night["enough_data"] and night["clear"]
    assert night["n_with"] == 20 and night["n_without"] == 20
    # The difference allows for the trend, so it is near, not equal to, the raw difference.
    assert abs(night["with_mean"] - night["without_mean"] - night["difference"]) < 10
    assert {k: c["role"] for k, c in by_key.items()} == {
        "night_sleep": "primary",
        "night_wakings": "secondary",
        "crying": "secondary",
        "total_sleep": "context",
        "longest_stretch": "context",
    }
    assert by_key["crying"]["interval"]["level"] == 0.975  # Bonferroni over two secondaries
    for key in ("total_sleep", "longest_stretch"):
        assert by_key[key]["interval"] is None and by_key[key]["clear"] is False
    assert 0 < night["interval"]["low"] < night["difference"] < night["interval"]["high"]
    assert night["interval"]["level"] == 0.95
    assert night["days_needed_with"] == 0 and night["days_needed_without"] == 0
    assert "association, not that the massage caused it" in night["sentence"]
    assert body["sleep_onset"].startswith("After an evening massage, Mia fell asleep")
    assert body["colic"]["matches"] is False
    assert body["colic"]["red_flags"] == list(RED_FLAGS)
    assert body["colic"]["criteria"]["days_3h_or_more"] == 0
    assert "not a diagnosis" in body["crying_context"]
    assert body["responses"]["min_sessions"] == 5
    assert body["by_routine"] == []  # every evening massage was the bedtime wind-down


def test_too_few_days_say_how_many_more_are_needed(alice: Member, mia: Baby) -> None:
    plant(mia, days=9)
    body = ApiClient(alice).get(f"/babies/{mia.pk}/insights").body
    night = next(c for c in body["comparisons"] if c["measure"] == "night_sleep")
    assert not night["enough_data"]
    assert night["difference"] is None and night["interval"] is None
    assert (night["days_needed_with"], night["days_needed_without"]) == (2, 3)
    assert night["sentence"].startswith("Not enough data yet")


def test_dan_the_partner_gets_it_too(alice: Member, dan: Member, mia: Baby) -> None:
    assert ApiClient(dan).get(f"/babies/{mia.pk}/insights").status == 200


def test_bob_gets_404_in_the_one_error_shape(alice: Member, mia: Baby, bob: Member) -> None:
    response = ApiClient(bob).get(f"/babies/{mia.pk}/insights")
    assert response.status == 404
    assert response.error["code"] == "not_found"
    assert set(response.body) == {"error"}


def test_unauthenticated_is_401(mia: Baby) -> None:
    response = ApiClient().get(f"/babies/{mia.pk}/insights")
    assert response.status == 401
    assert response.error["code"] == "not_authenticated"


def test_the_route_is_documented_and_the_schema_still_validates(db: None) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    validate(spec)
    operation = spec["paths"]["/api/v1/babies/{baby_id}/insights"]["get"]
    assert operation["summary"].startswith("Is it helping?")
    assert operation.get("security")
    assert {"200", "401", "404"} <= set(operation["responses"])


def test_the_route_runs_a_fixed_number_of_queries(
    alice: Member, mia: Baby, django_assert_max_num_queries
) -> None:
    api = ApiClient(alice)
    api.get(f"/babies/{mia.pk}/insights")
    cache.clear()  # measure the full computation, not a cached answer
    with CaptureQueriesContext(connection) as empty:
        api.get(f"/babies/{mia.pk}/insights")
    plant(mia, days=90)
    with django_assert_max_num_queries(len(empty)):
        assert api.get(f"/babies/{mia.pk}/insights").status == 200
