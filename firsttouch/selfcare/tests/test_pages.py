"""/selfcare/: taps save, bad input shows a message and saves nothing, nobody else sees it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from firsttouch.selfcare import services
from firsttouch.selfcare.models import MoodEntry, SelfCareDay, SymptomDay
from tests.cast import Member

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def today() -> str:
    return timezone.localdate().isoformat()


def test_the_page_shows_five_labelled_faces_and_the_ticks(alice: Member) -> None:
    body = alice.client().get("/selfcare/").content.decode()
    for label in (
        "Very low",
        "Low",
        "Okay",
        "Good",
        "Very good",
        "Meditation",
        "Time outside in the sun",
        "Time with friends or family",
        "Hours of sleep",
        "Extreme sadness",
        "This week",
    ):
        assert label in body
    assert body.count('name="mood"') == 5


def test_tapping_a_face_saves_the_mood_with_its_note(alice: Member) -> None:
    response = alice.client().post(
        "/selfcare/mood/", {"day": today(), "mood": "4", "note": "slept a bit"}
    )
    assert response.status_code == 302
    entry = MoodEntry.objects.get(user=alice.user)
    assert (entry.mood, entry.note) == (4, "slept a bit")


def test_htmx_tap_returns_the_panel_with_the_face_pressed(alice: Member) -> None:
    response = alice.client().post("/selfcare/mood/", {"day": today(), "mood": "2"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="selfcare-day"' in body and "<html" not in body
    assert 'value="2" class="sc-face" aria-pressed="true"' in body


@pytest.mark.parametrize("data", [{"mood": "9"}, {"mood": ""}, {"mood": "3", "day": "soon"}])
def test_a_bad_mood_shows_a_message_and_saves_nothing(alice: Member, data: dict) -> None:
    response = alice.client().post("/selfcare/mood/", {"day": today(), **data})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not MoodEntry.objects.exists()


def test_a_future_day_is_refused_with_a_message(alice: Member) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = alice.client().post("/selfcare/mood/", {"day": tomorrow, "mood": "3"}, headers=HTMX)
    assert "in the future" in response.content.decode()
    assert not MoodEntry.objects.exists()


def test_ticks_toggle_and_sleep_saves(alice: Member) -> None:
    client = alice.client()
    client.post("/selfcare/care/", {"day": today(), "key": "sun"}, headers=HTMX)
    client.post("/selfcare/sleep/", {"day": today(), "sleep_hours": "5.5"}, headers=HTMX)
    row = SelfCareDay.objects.get(user=alice.user)
    assert row.sun and str(row.sleep_hours) == "5.5"
    client.post("/selfcare/care/", {"day": today(), "key": "sun"}, headers=HTMX)
    row.refresh_from_db()
    assert not row.sun


@pytest.mark.parametrize("hours", ["30", "-1", "lots"])
def test_bad_sleep_hours_show_a_message_and_save_nothing(alice: Member, hours: str) -> None:
    response = alice.client().post(
        "/selfcare/sleep/", {"day": today(), "sleep_hours": hours}, headers=HTMX
    )
    assert 'role="alert"' in response.content.decode()
    assert not SelfCareDay.objects.exists()


def test_an_unknown_tick_saves_nothing(alice: Member) -> None:
    response = alice.client().post("/selfcare/care/", {"day": today(), "key": "shopping"})
    assert response.status_code == 400
    assert not SelfCareDay.objects.exists()


def test_three_symptoms_show_the_epds_suggestion(alice: Member) -> None:
    client = alice.client()
    for key in ("anxiety", "low_energy"):
        client.post("/selfcare/symptom/", {"day": today(), "key": key}, headers=HTMX)
    body = client.get("/selfcare/").content.decode()
    assert "Take the wellbeing check now" not in body
    response = client.post(
        "/selfcare/symptom/", {"day": today(), "key": "extreme_sadness"}, headers=HTMX
    )
    assert "Take the wellbeing check now" in response.content.decode()
    assert "/wellbeing/epds/" in response.content.decode()
    assert SymptomDay.objects.get(user=alice.user).present() == [
        "anxiety",
        "low_energy",
        "extreme_sadness",
    ]


def test_the_partner_and_another_family_never_see_her_day(
    alice: Member, dan: Member, bob: Member
) -> None:
    services.set_mood(alice.user, timezone.localdate(), 1, "a private note")
    for other in (dan, bob):
        body = other.client().get("/selfcare/").content.decode()
        assert "a private note" not in body
        assert 'aria-pressed="true"' not in body


def test_the_page_needs_a_log_in(client: Client) -> None:
    assert client.get("/selfcare/").status_code == 302


def test_an_earlier_day_can_be_opened_and_edited(alice: Member) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    client = alice.client()
    assert "Later day" in client.get(f"/selfcare/?day={yesterday}").content.decode()
    client.post("/selfcare/mood/", {"day": yesterday, "mood": "5"})
    assert MoodEntry.objects.get(user=alice.user).day.isoformat() == yesterday


def test_a_typed_note_survives_tapping_a_tick(alice: Member) -> None:
    response = alice.client().post(
        "/selfcare/care/", {"day": today(), "key": "yoga", "note": "half written"}, headers=HTMX
    )
    assert ">half written</textarea>" in response.content.decode()
    assert not MoodEntry.objects.exists()
