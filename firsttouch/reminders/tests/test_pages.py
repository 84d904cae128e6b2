"""The pages: what is due (with the home-page partial), snooze/decline, settings, calendar."""

from __future__ import annotations

from datetime import time

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from firsttouch.babies.models import Baby
from firsttouch.reminders import services
from firsttouch.reminders.models import ReminderSettings, ReminderState
from tests.cast import Member

pytestmark = pytest.mark.django_db


def test_the_due_page_lists_the_check_with_its_buttons(alice: Member, five_weeks: Baby) -> None:
    response = alice.client().get("/reminders/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A short wellbeing check is due" in html
    assert "Take the check" in html
    key = f"epds:month-1:{five_weeks.pk}"
    assert f"/reminders/{key}/snooze/" in html
    assert f"/reminders/{key}/decline/" in html


def test_the_due_page_says_what_to_do_when_nothing_is_due(alice: Member) -> None:
    html = alice.client().get("/reminders/").content.decode()
    assert "Nothing is due right now" in html
    assert "/reminders/settings/" in html


def test_the_partial_renders_for_the_home_page(alice: Member, five_weeks: Baby) -> None:
    request = RequestFactory().get("/")
    request.user = alice.user
    html = render_to_string(
        "reminders/_due.html", {"reminders": services.due_reminders(alice.user)}, request
    )
    assert 'id="reminders-due"' in html
    assert "1 month after birth" in html
    assert 'name="next" value="/"' in html


def test_the_partial_is_quiet_when_nothing_is_due(alice: Member) -> None:
    html = render_to_string("reminders/_due.html", {"reminders": []})
    assert "wellbeing" not in html


def test_snooze_from_the_page_goes_back_where_she_was(alice: Member, five_weeks: Baby) -> None:
    key = f"epds:month-1:{five_weeks.pk}"
    response = alice.client().post(f"/reminders/{key}/snooze/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert ReminderState.objects.get(user=alice.user, key=key).snoozed_until


def test_decline_with_htmx_returns_the_refreshed_partial(alice: Member, five_weeks: Baby) -> None:
    key = f"epds:month-1:{five_weeks.pk}"
    response = alice.client().post(
        f"/reminders/{key}/decline/", {"next": "/"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="reminders-due"' in html and "wellbeing check" not in html


def test_an_outside_next_is_ignored(alice: Member, five_weeks: Baby) -> None:
    key = f"epds:month-1:{five_weeks.pk}"
    response = alice.client().post(f"/reminders/{key}/snooze/", {"next": "https://evil.example/"})
    assert response["Location"] == "/reminders/"


def test_bob_gets_404_on_alices_reminder(alice: Member, bob: Member, five_weeks: Baby) -> None:
    key = f"epds:month-1:{five_weeks.pk}"
    assert bob.client().post(f"/reminders/{key}/snooze/").status_code == 404
    assert bob.client().post(f"/reminders/{key}/decline/").status_code == 404
    assert not ReminderState.objects.exists()


def test_snooze_needs_a_post(alice: Member, five_weeks: Baby) -> None:
    key = f"epds:month-1:{five_weeks.pk}"
    assert alice.client().get(f"/reminders/{key}/snooze/").status_code == 405


def test_pages_need_log_in(client) -> None:
    assert client.get("/reminders/settings/").status_code == 302
    assert client.get("/reminders/").status_code == 302


def test_settings_save_the_massage_time(alice: Member) -> None:
    response = alice.client().post(
        "/reminders/settings/",
        {"massage_time": "19:30", "screening_reminders": "on", "email_enabled": "on"},
    )
    assert response.status_code == 302
    prefs = ReminderSettings.objects.get(user=alice.user)
    assert prefs.massage_time == time(19, 30) and prefs.email_enabled


def test_a_bad_time_says_what_to_do(alice: Member) -> None:
    response = alice.client().post("/reminders/settings/", {"massage_time": "tea time"})
    assert response.status_code == 200
    assert "Enter a time like 19:30, or leave it empty." in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_the_calendar_link_is_shown_once_then_can_be_turned_off(alice: Member) -> None:
    client = alice.client()
    html = client.post("/reminders/calendar/new/").content.decode()
    assert 'id="feed-url"' in html and "/reminders/feed/" in html
    page = client.get("/reminders/settings/").content.decode()
    assert 'id="feed-url"' not in page and "Turn off the link" in page
    client.post("/reminders/calendar/revoke/")
    assert ReminderSettings.objects.get(user=alice.user).feed_token_hash is None


def test_bob_revoking_does_not_touch_alices_link(alice: Member, bob: Member) -> None:
    alice.client().post("/reminders/calendar/new/")
    bob.client().post("/reminders/calendar/revoke/")
    assert ReminderSettings.objects.get(user=alice.user).feed_token_hash


def test_the_partner_is_told_screening_reminders_are_the_mothers(dan: Member) -> None:
    html = dan.client().get("/reminders/settings/").content.decode()
    assert "never shown to other caregivers" in html
