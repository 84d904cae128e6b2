"""/api/v1/reminders, /reminder-settings and /calendar-feed: the caller's own, nobody else's."""

from __future__ import annotations

import pytest
from django.test import Client

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.babies.models import Baby
from firsttouch.reminders.models import ReminderSettings, ReminderState
from tests.cast import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(alice: Member) -> ApiClient:
    return ApiClient(alice)


def test_lists_what_is_due_for_the_caller(api: ApiClient, five_weeks: Baby) -> None:
    response = api.get("/reminders")
    assert response.status == 200
    assert response.body["count"] == 1
    (item,) = response.body["results"]
    assert item["key"] == f"epds:month-1:{five_weeks.pk}"
    assert item["kind"] == "epds"
    assert item["label"] == "1 month after birth"
    assert item["url"].startswith("/wellbeing/")
    assert response.body["next"] is None and response.body["previous"] is None


def test_nothing_due_is_an_empty_page(api: ApiClient) -> None:
    assert api.get("/reminders").body == {"count": 0, "next": None, "previous": None, "results": []}


def test_snooze_then_the_list_is_empty(api: ApiClient, five_weeks: Baby) -> None:
    key = f"epds:month-1:{five_weeks.pk}"
    response = api.post(f"/reminders/{key}/snooze")
    assert response.status == 200
    assert response.body["key"] == key and response.body["declined"] is False
    assert response.body["snoozed_until"]
    assert api.get("/reminders").body["count"] == 0


def test_decline(api: ApiClient, five_weeks: Baby) -> None:
    key = f"epds:month-1:{five_weeks.pk}"
    response = api.post(f"/reminders/{key}/decline")
    assert response.status == 200 and response.body["declined"] is True
    assert api.get("/reminders").body["count"] == 0
    # Declined is gone: answering again is a 404 like any key that is not due.
    assert api.post(f"/reminders/{key}/snooze").status == 404


def test_an_unknown_key_is_404_in_the_one_error_shape(api: ApiClient) -> None:
    response = api.post("/reminders/epds:month-4:999/snooze")
    assert response.status == 404
    assert response.error["code"] == "not_found"


def test_bob_cannot_snooze_or_see_alices_reminders(
    api: ApiClient, bob: Member, five_weeks: Baby
) -> None:
    bob_api = ApiClient(bob)
    key = f"epds:month-1:{five_weeks.pk}"
    assert bob_api.get("/reminders").body["count"] == 0
    assert bob_api.post(f"/reminders/{key}/snooze").status == 404
    assert bob_api.post(f"/reminders/{key}/decline").status == 404
    assert not ReminderState.objects.exists()


def test_the_partner_sees_no_screening_reminders(
    alice: Member, dan: Member, five_weeks: Baby
) -> None:
    dan_api = ApiClient(dan)
    assert dan_api.get("/reminders").body["count"] == 0
    assert dan_api.post(f"/reminders/epds:month-1:{five_weeks.pk}/decline").status == 404


def test_reminders_need_authentication() -> None:
    assert ApiClient().get("/reminders").status == 401


def test_settings_default_then_replace(api: ApiClient, alice: Member) -> None:
    assert api.get("/reminder-settings").body == {
        "massage_time": None,
        "massage_at_bedtime_window": False,
        "email_enabled": True,
        "screening_reminders": True,
        "calendar_feed": False,
    }
    response = api.request(
        "PUT",
        "/reminder-settings",
        {
            "massage_time": "19:30",
            "massage_at_bedtime_window": True,
            "email_enabled": False,
            "screening_reminders": True,
        },
    )
    assert response.status == 200
    assert response.body["massage_time"] == "19:30:00"
    assert response.body["massage_at_bedtime_window"] is True
    assert response.body["email_enabled"] is False
    prefs = ReminderSettings.objects.get(user=alice.user)
    assert str(prefs.massage_time) == "19:30:00" and prefs.email_enabled is False
    assert prefs.massage_at_bedtime_window is True


def test_a_bad_time_is_422_and_nothing_changes(api: ApiClient, alice: Member) -> None:
    response = api.request("PUT", "/reminder-settings", {"massage_time": "25:99"})
    assert response.status == 422
    assert response.error["code"] == "invalid"
    assert "massage_time" in response.error["fields"]
    assert not ReminderSettings.objects.filter(user=alice.user).exists()


def test_settings_are_per_person(api: ApiClient, bob: Member, alice: Member) -> None:
    api.request("PUT", "/reminder-settings", {"massage_time": "06:00"})
    assert ApiClient(bob).get("/reminder-settings").body["massage_time"] is None


def test_calendar_feed_create_rotate_and_delete(api: ApiClient) -> None:
    created = api.post("/calendar-feed")
    assert created.status == 201
    first = created.body["url"].removeprefix("https://firsttouch.example")
    assert first.startswith("/reminders/feed/") and first.endswith(".ics")
    assert Client().get(first).status_code == 200
    assert api.get("/reminder-settings").body["calendar_feed"] is True

    rotated = api.post("/calendar-feed").body["url"].removeprefix("https://firsttouch.example")
    assert rotated != first
    assert Client().get(first).status_code == 404
    assert Client().get(rotated).status_code == 200

    assert api.delete("/calendar-feed").status == 204
    assert Client().get(rotated).status_code == 404
    assert api.get("/reminder-settings").body["calendar_feed"] is False
    assert api.delete("/calendar-feed").status == 204  # safe to repeat


def test_bob_deleting_his_feed_leaves_alices_alone(api: ApiClient, bob: Member) -> None:
    alices = api.post("/calendar-feed").body["url"].removeprefix("https://firsttouch.example")
    assert ApiClient(bob).delete("/calendar-feed").status == 204
    assert Client().get(alices).status_code == 200


def test_an_overlong_key_is_422(api: ApiClient) -> None:
    response = api.post(f"/reminders/{'x' * 121}/snooze")
    assert response.status == 422
    assert response.error["code"] == "invalid"
