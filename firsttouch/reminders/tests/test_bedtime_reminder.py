"""The massage reminder at tonight's bedtime window: planted sleep logs, the reminder's time.

A regular baby (asleep at 19:30 give or take ten minutes for 14 nights) has a window opening
between 18:45 and 18:53 (home.bedtime); with the setting on, the reminder comes then rather
than at the fixed 20:30. An irregular baby has no window, so the fixed time stands.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from firsttouch.babies.models import Baby
from firsttouch.home import bedtime
from firsttouch.reminders import services, tasks
from firsttouch.reminders.models import ReminderSettings
from firsttouch.tracking.tests.factories import sleep
from tests.cast import Member, make_baby

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 4, 10)


def asleep_at(baby: Baby, hour: int, minutes: list[int]) -> None:
    for n, minute in enumerate(minutes, start=1):
        day = TODAY - timedelta(days=n)
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
        sleep(baby, start, start + timedelta(hours=6))


def settings_of(member: Member, follow: bool) -> ReminderSettings:
    prefs, _created = ReminderSettings.objects.update_or_create(
        user=member.user,
        defaults={"massage_time": time(20, 30), "massage_at_bedtime_window": follow},
    )
    return prefs


def keys_at(member: Member, hour: int, minute: int) -> list[str]:
    moment = datetime(2025, 4, 10, hour, minute, tzinfo=LONDON).astimezone(UTC)
    return [item.key for item in services.due_for(member.user, moment)]


@pytest.fixture
def regular(alice: Member) -> Baby:
    baby = make_baby(alice.family, "Mia", age_days=120)
    asleep_at(baby, 19, [25, 30, 35] * 4 + [25, 30])
    return baby


def test_the_reminder_comes_when_tonights_window_opens(alice: Member, regular: Baby) -> None:
    prefs = settings_of(alice, follow=True)
    opens = services.massage_time_on(prefs, alice.family, TODAY)
    window = bedtime.for_baby(regular, TODAY, LONDON)
    assert opens == window.start_from and opens is not None
    assert time(18, 45) <= opens <= time(18, 53)
    assert keys_at(alice, opens.hour, opens.minute) == ["massage:2025-04-10"]
    just_before = datetime.combine(TODAY, opens) - timedelta(minutes=1)
    assert keys_at(alice, just_before.hour, just_before.minute) == []


def test_off_by_default_the_fixed_time_stands(alice: Member, regular: Baby) -> None:
    assert ReminderSettings().massage_at_bedtime_window is False
    settings_of(alice, follow=False)
    assert keys_at(alice, 19, 0) == []
    assert keys_at(alice, 20, 30) == ["massage:2025-04-10"]


def test_without_a_window_the_fixed_time_stands(alice: Member) -> None:
    irregular = make_baby(alice.family, "Noa", age_days=120)
    for n, hour in enumerate([18, 23, 19, 22, 20, 23, 18, 22, 19, 23, 20, 22, 18, 23], start=1):
        day = TODAY - timedelta(days=n)
        start = datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)
        sleep(irregular, start, start + timedelta(hours=6))
    prefs = settings_of(alice, follow=True)
    assert bedtime.for_baby(irregular, TODAY, LONDON).status != "ok"
    assert services.massage_time_on(prefs, alice.family, TODAY) == time(20, 30)
    assert keys_at(alice, 20, 30) == ["massage:2025-04-10"]


def test_the_sweep_sends_it_at_the_window(alice: Member, regular: Baby) -> None:
    prefs = settings_of(alice, follow=True)
    opens = services.massage_time_on(prefs, alice.family, TODAY)
    assert opens is not None
    moment = datetime.combine(TODAY, opens, tzinfo=LONDON).astimezone(UTC)
    assert [item.key for item in tasks.pending_for(alice.user, moment)] == ["massage:2025-04-10"]
