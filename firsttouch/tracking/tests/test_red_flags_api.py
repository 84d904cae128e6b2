"""Red flags in the API answers: the saved entry's own answer, and insights (issue 9)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from firsttouch.api.tests.helpers import ApiClient, ago, iso
from firsttouch.tracking.models import IllnessCheck, Nappy
from tests.cast import make_baby


def test_a_pale_nappy_answers_201_with_the_pale_stool_warning(alice, mia) -> None:
    api = ApiClient(alice)
    created = api.post("/nappies", {"baby": mia.pk, "dirty": True, "colour": "pale"})
    assert created.status == 201, created.body
    [warning] = created.body["warnings"]
    assert warning["code"] == "stool-pale"
    assert warning["urgency"] == "today"
    assert "contact your doctor or health visitor today" in warning["action"].lower()
    assert warning["source"] == "chen-2006"
    assert set(warning) == {"code", "message", "action", "urgency", "source"}


def test_a_normal_colour_answers_an_empty_warnings_list(alice, mia) -> None:
    created = ApiClient(alice).post("/nappies", {"baby": mia.pk, "dirty": True, "colour": "yellow"})
    assert created.status == 201
    assert created.body["warnings"] == []


def test_reading_and_changing_a_nappy_answer_its_warnings_too(alice, mia) -> None:
    api = ApiClient(alice)
    created = api.post("/nappies", {"baby": mia.pk, "dirty": True, "colour": "yellow"})
    url = f"/nappies/{created.body['id']}"
    changed = api.patch(url, {"colour": "red"})
    assert changed.status == 200, changed.body
    assert [w["code"] for w in changed.body["warnings"]] == ["stool-blood"]
    assert [w["code"] for w in api.get(url).body["warnings"]] == ["stool-blood"]


def test_a_fever_at_6_weeks_answers_urgent_assessment(alice) -> None:
    six_weeks = make_baby(alice.family, "Ivy", age_days=42)
    created = ApiClient(alice).post(
        "/illness-checks", {"baby": six_weeks.pk, "temperature_c": "38.0"}
    )
    assert created.status == 201, created.body
    assert [(w["code"], w["urgency"]) for w in created.body["warnings"]] == [
        ("fever-under-3-months", "urgent")
    ]
    assert created.body["temperature_c"] == 38.0


def test_37_9_at_6_weeks_answers_no_warning(alice) -> None:
    six_weeks = make_baby(alice.family, "Ivy", age_days=42)
    created = ApiClient(alice).post(
        "/illness-checks", {"baby": six_weeks.pk, "temperature_c": "37.9"}
    )
    assert created.status == 201
    assert created.body["warnings"] == []


def test_a_floppy_baby_is_an_emergency_first_whatever_the_age(alice, leo, bob) -> None:
    older = make_baby(alice.family, "Sam", age_days=400)
    created = ApiClient(alice).post(
        "/illness-checks",
        {"baby": older.pk, "temperature_c": "38.6", "signs": ["floppy", "feeding_poorly"]},
    )
    assert [w["urgency"] for w in created.body["warnings"]] == ["emergency", "today", "today"]
    assert created.body["warnings"][0]["code"] == "serious-illness-signs"


def test_bad_illness_checks_are_422_and_save_nothing(alice, mia) -> None:
    api = ApiClient(alice)
    for body, field in (
        ({"baby": mia.pk, "temperature_c": "33.9"}, "temperature_c"),
        ({"baby": mia.pk, "temperature_c": "43.1"}, "temperature_c"),
        ({"baby": mia.pk}, "temperature_c"),
        ({"baby": mia.pk, "signs": ["sneezing"]}, "signs"),
    ):
        answer = api.post("/illness-checks", body)
        assert answer.status == 422, (body, answer.body)
        assert field in str(answer.error), answer.error
    assert not IllnessCheck.objects.exists()


def test_the_edges_34_and_43_degrees_are_accepted(alice, mia) -> None:
    api = ApiClient(alice)
    assert api.post("/illness-checks", {"baby": mia.pk, "temperature_c": "34.0"}).status == 201
    assert api.post("/illness-checks", {"baby": mia.pk, "temperature_c": "43.0"}).status == 201


def test_insights_api_lists_red_flags_of_the_last_14_days_most_urgent_first(alice, mia) -> None:
    Nappy.objects.create(baby=mia, time=ago(days=2), dirty=True, colour="pale")
    Nappy.objects.create(baby=mia, time=ago(days=15), dirty=True, colour="red")
    IllnessCheck.objects.create(baby=mia, time=ago(days=1), signs=["hard_to_wake"])
    body = ApiClient(alice).get(f"/babies/{mia.pk}/insights").body
    flags = body["red_flags"]
    assert [f["code"] for f in flags] == ["serious-illness-signs", "stool-pale"]
    assert flags[1]["logged_at"].startswith(iso(ago(days=2))[:10])


def test_another_familys_red_flags_never_show(alice, mia, bob, leo) -> None:
    Nappy.objects.create(
        baby=leo, time=timezone.now() - timedelta(hours=1), dirty=True, colour="pale"
    )
    assert ApiClient(alice).get(f"/babies/{mia.pk}/insights").body["red_flags"] == []
    assert ApiClient(alice).get(f"/babies/{leo.pk}/insights").status == 404
