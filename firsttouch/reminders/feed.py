"""The private calendar feed: a secret link a phone's calendar app can subscribe to.

The link's secret is shown once and only its hash is stored; rotating issues a new one and
revoking clears it, after which the old link answers 404 like any unknown one. The feed holds
no scores and no answers: only "a wellbeing check is due" days and the daily massage time,
since a calendar may be shared or shown on a lock screen.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from firsttouch.accounts.models import hash_secret

from . import services
from .models import ReminderSettings

if TYPE_CHECKING:
    from icalendar import Event

    from firsttouch.accounts.models import User

PRODID = "-//firsttouch//reminders//EN"
MASSAGE_MINUTES = 15


def issue_token(user: User) -> str:
    """Create or rotate the feed secret; returns the raw secret (shown once, never stored)."""
    raw = secrets.token_urlsafe(24)
    prefs, _ = ReminderSettings.objects.get_or_create(user=user)
    prefs.feed_token_hash = hash_secret(raw)
    prefs.feed_created_at = timezone.now()
    prefs.save(update_fields=["feed_token_hash", "feed_created_at", "updated_at"])
    return raw


def revoke_token(user: User) -> bool:
    """Forget the secret; True when there was one."""
    return bool(
        ReminderSettings.objects.filter(user=user, feed_token_hash__isnull=False).update(
            feed_token_hash=None, feed_created_at=None
        )
    )


def feed_url(raw: str) -> str:
    return settings.SITE_URL + reverse("reminders:feed", args=[raw])


def owner_of(raw: str) -> User | None:
    """The active person a secret belongs to, or None (unknown, revoked or rotated)."""
    if not raw:
        return None
    prefs = (
        ReminderSettings.objects.select_related("user")
        .filter(feed_token_hash=hash_secret(raw))
        .first()
    )
    if prefs is None or not prefs.user.is_active:
        return None
    return prefs.user


def build(user: User, now: datetime | None = None) -> bytes:
    """The iCalendar text: upcoming screenings as all-day events, the massage as a daily one.

    icalendar is imported here, not at the top: only a calendar app fetching the feed needs it,
    so a server process does not pay for it at start-up (issue 10).
    """
    from icalendar import Calendar, Event

    prefs = services.settings_for(user)
    family = services.family_of(user)
    zone = ZoneInfo(family.time_zone if family else settings.TIME_ZONE)
    here = services.local_now(user, now)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", gettext("firsttouch reminders"))
    cal.add("x-wr-timezone", str(zone))
    stamp = now or timezone.now()

    for item in services.screening_plan(user, now, prefs).upcoming():
        event = Event()
        event.add("uid", f"{item.key}.{user.pk}@firsttouch")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", gettext("Wellbeing check due (EPDS)"))
        event.add(
            "description",
            gettext("%(when)s. %(reason)s Take it in firsttouch: %(url)s")
            % {
                "when": item.label,
                "reason": item.reason,
                "url": f"{settings.SITE_URL}{services.take_url(item)}",
            },
        )
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)

    if prefs.massage_time is not None:
        cal.add_component(_massage_event(user, prefs, zone, here.date(), stamp))
        cal.add_missing_timezones(
            first_date=here.date() - timedelta(days=400),
            last_date=here.date() + timedelta(days=800),
        )
    return cal.to_ical()


def _massage_event(
    user: User, prefs: ReminderSettings, zone: ZoneInfo, today: date, stamp: datetime
) -> Event:
    """One recurring event in the family's time zone, so it follows daylight-saving changes.

    It starts on the day the time was chosen (stable, so calendars do not see a new event on
    every refresh).
    """
    from icalendar import Alarm, Event

    assert prefs.massage_time is not None
    first_day = prefs.updated_at.astimezone(zone).date() if prefs.updated_at else today
    start = datetime.combine(first_day, prefs.massage_time, tzinfo=zone)
    event = Event()
    event.add("uid", f"massage.{user.pk}@firsttouch")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=MASSAGE_MINUTES))
    event.add("rrule", {"freq": "daily"})
    event.add("summary", gettext("Baby massage"))
    event.add(
        "description",
        gettext(
            "When your baby is awake and calm, not hungry and not right "
            "after a feed. A session at the same time before bed can become "
            "a sleep cue."
        ),
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", gettext("Baby massage"))
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event
