"""The private iCalendar feed: valid, in the family's time zone, and revocable."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client
from icalendar import Calendar, vRecur

from firsttouch.babies.models import Baby
from firsttouch.reminders import feed
from firsttouch.reminders.models import ReminderSettings
from tests.cast import Member

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)


def path_of(url: str) -> str:
    return url.removeprefix("https://firsttouch.example")


def fetch(url: str) -> Calendar:
    response = Client().get(path_of(url))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_lists_upcoming_checks_as_all_day_events(alice: Member) -> None:
    baby = Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 10))
    cal = Calendar.from_ical(feed.build(alice.user, NOW))
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        f"epds:{slug}:{baby.pk}.{alice.user.pk}@firsttouch"
        for slug in ("month-1", "month-2", "month-4", "month-6", "month-9", "month-12")
    }
    month_4 = events[f"epds:month-4:{baby.pk}.{alice.user.pk}@firsttouch"]
    assert month_4.decoded("dtstart") == date(2025, 7, 10)
    assert month_4.decoded("dtend") == date(2025, 7, 11)
    assert str(month_4["summary"]) == "Wellbeing check due (EPDS)"


def test_the_daily_massage_recurs_in_the_familys_time_zone(bob: Member) -> None:
    ReminderSettings.objects.create(user=bob.user, massage_time=time(19, 30))
    cal = Calendar.from_ical(feed.build(bob.user, NOW))
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.time() == time(19, 30)
    assert str(start.tzinfo) == "America/New_York"
    assert event["dtstart"].params["TZID"] == "America/New_York"
    rrule = event["rrule"]
    assert isinstance(rrule, vRecur) and rrule["FREQ"] == ["DAILY"]
    assert event.decoded("duration") == timedelta(minutes=15)
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert cal.walk("VALARM")


def test_the_feed_shows_no_scores(alice: Member, epds) -> None:
    Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 10))
    epds.latest = (23, datetime(2025, 4, 1, 9, tzinfo=UTC))
    cal = Calendar.from_ical(feed.build(alice.user, NOW))
    # What a person reads (ids and time stamps may hold any digits, e.g. a row's id on
    # PostgreSQL, whose sequences a test run does not reset).
    words = [
        str(e.get(name, "")) for e in cal.walk("VEVENT") for name in ("summary", "description")
    ]
    assert words and not any("23" in text for text in words)


def test_an_empty_feed_is_still_a_valid_calendar(dan: Member) -> None:
    cal = Calendar.from_ical(feed.build(dan.user, NOW))
    assert cal.walk("VEVENT") == []
    assert str(cal["prodid"]) == feed.PRODID


def test_the_link_serves_the_owners_calendar_without_log_in(alice: Member) -> None:
    ReminderSettings.objects.create(user=alice.user, massage_time=time(19, 0))
    cal = fetch(feed.feed_url(feed.issue_token(alice.user)))
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Baby massage"]


def test_only_the_hash_of_the_secret_is_stored(alice: Member) -> None:
    raw = feed.issue_token(alice.user)
    stored = ReminderSettings.objects.get(user=alice.user).feed_token_hash
    assert stored and raw not in stored and len(stored) == 64


def test_a_revoked_link_gets_404(alice: Member) -> None:
    url = feed.feed_url(feed.issue_token(alice.user))
    assert feed.revoke_token(alice.user) is True
    assert Client().get(path_of(url)).status_code == 404


def test_a_rotated_link_gets_404_and_the_new_one_works(alice: Member) -> None:
    old = feed.feed_url(feed.issue_token(alice.user))
    new = feed.feed_url(feed.issue_token(alice.user))
    assert Client().get(path_of(old)).status_code == 404
    assert Client().get(path_of(new)).status_code == 200


def test_an_unknown_link_gets_404(alice: Member) -> None:
    feed.issue_token(alice.user)
    assert Client().get("/reminders/feed/not-a-real-secret.ics").status_code == 404


def test_a_deactivated_account_s_link_gets_404(alice: Member) -> None:
    url = feed.feed_url(feed.issue_token(alice.user))
    alice.user.is_active = False
    alice.user.save()
    assert Client().get(path_of(url)).status_code == 404


def test_each_person_s_link_shows_only_their_own_reminders(alice: Member, bob: Member) -> None:
    Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 10))
    ReminderSettings.objects.create(user=alice.user, massage_time=time(19, 0))
    cal = fetch(feed.feed_url(feed.issue_token(bob.user)))
    assert cal.walk("VEVENT") == []
