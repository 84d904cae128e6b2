"""What the Today page answers first, without HTTP: time since, next breast, day totals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from firsttouch.home import today
from firsttouch.tracking import services
from firsttouch.tracking.models import Feed
from firsttouch.tracking.tests.factories import ago, crying, feed, nappy, sleep
from tests.cast import make_baby

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_time_since_reads_the_newest_finished_entries(mia) -> None:
    now = datetime.now(UTC)
    feed(mia, now - timedelta(hours=3), now - timedelta(hours=2, minutes=40))
    feed(mia, now - timedelta(hours=1), now - timedelta(minutes=45))
    feed(mia, now - timedelta(minutes=5), None)  # running: the timers strip shows it
    sleep(mia, now - timedelta(hours=5), now - timedelta(hours=4))
    nappy(mia, now - timedelta(minutes=20), dirty=True)
    nappy(mia, now - timedelta(hours=2))

    last = today.last_events(mia, now)

    assert last["feed"] is not None and last["feed"].ago == "45 min"
    assert last["sleep"] is not None and last["sleep"].ago == "4 h 00 min"
    assert last["nappy"] is not None and last["nappy"].ago == "20 min"
    assert "dirty" in last["nappy"].summary


def test_time_since_is_empty_for_a_new_baby_and_never_another_babys(mia, leo) -> None:
    feed(leo, ago(hours=2), ago(hours=1))
    assert today.last_events(mia) == {"feed": None, "sleep": None, "nappy": None}


@pytest.mark.parametrize(("last_side", "expected"), [("left", "right"), ("right", "left")])
def test_the_next_breast_is_the_other_side_from_the_last_one(mia, last_side, expected) -> None:
    feed(
        mia, ago(hours=5), ago(hours=4, minutes=40), side="right" if expected == "right" else "left"
    )
    feed(mia, ago(hours=2), ago(hours=1, minutes=40), side=last_side)
    assert today.next_breast(mia) == expected


def test_the_next_breast_follows_the_side_a_switched_feed_ended_on(mia) -> None:
    feed(mia, ago(hours=2), ago(hours=1, minutes=30), side="both", last_side="left")
    assert today.next_breast(mia) == "right"


def test_no_next_breast_is_guessed_without_a_side(mia) -> None:
    assert today.next_breast(mia) == ""
    feed(mia, ago(hours=2), ago(hours=1), side="both")
    assert today.next_breast(mia) == ""
    feed(mia, ago(minutes=50), ago(minutes=40), kind="bottle", side="", amount_ml=90)
    assert today.next_breast(mia) == ""  # a bottle says nothing about the breasts


def test_day_totals_split_a_night_sleep_at_midnight(mia) -> None:
    day = date(2026, 6, 10)
    midnight = datetime(2026, 6, 10, tzinfo=LONDON)
    now = midnight + timedelta(hours=20)
    sleep(mia, midnight - timedelta(hours=2), midnight + timedelta(hours=3))  # 3 h today
    sleep(mia, midnight + timedelta(hours=13), midnight + timedelta(hours=14, minutes=30))
    crying(mia, midnight + timedelta(hours=18), midnight + timedelta(hours=18, minutes=20))
    feed(mia, midnight + timedelta(hours=4), midnight + timedelta(hours=4, minutes=20))
    feed(mia, midnight - timedelta(minutes=30), midnight - timedelta(minutes=10))  # yesterday
    nappy(mia, midnight + timedelta(hours=5), wet=True, dirty=True)
    nappy(mia, midnight + timedelta(hours=6), wet=True)
    nappy(mia, midnight + timedelta(hours=30), dirty=True)  # tomorrow

    totals = today.day_totals(mia, day, LONDON, now=now)

    assert (totals.sleep_minutes, totals.crying_minutes) == (270.0, 20.0)
    assert (totals.feeds, totals.wet, totals.dirty) == (1, 2, 1)
    assert totals.sleep == "4 h 30 min"
    assert today.day_totals(mia, date(2026, 6, 9), LONDON, now=now).crying == "none"


def test_a_side_switch_keeps_one_timer_and_records_both_sides(mia) -> None:
    start = ago(minutes=30)
    started = services.start_timer("feed", mia, None, kind="breast", side="left")
    Feed.objects.filter(pk=started.pk).update(start=start)
    running = Feed.objects.get(pk=started.pk)

    services.switch_side(running, now=start + timedelta(minutes=12))
    running.refresh_from_db()
    assert running.end is None and running.side == "both" and running.last_side == "right"
    assert running.left_seconds == 12 * 60 and running.right_seconds is None

    services.stop_timer(running, now=start + timedelta(minutes=20))
    running.refresh_from_db()
    assert (running.left_seconds, running.right_seconds) == (12 * 60, 8 * 60)
    assert running.side_since is None and running.last_side == "right"
    assert Feed.objects.filter(baby=mia).count() == 1
    assert today.next_breast(mia) == "left"


def test_a_one_side_feed_stopped_records_that_side(mia) -> None:
    started = services.start_timer("feed", mia, None, kind="breast", side="right")
    services.stop_timer(started)
    running = Feed.objects.get(pk=started.pk)
    assert running.last_side == "right" and running.right_seconds is not None
    assert running.left_seconds is None


def test_a_stopped_or_bottle_feed_cannot_switch_sides(mia) -> None:
    done = feed(mia, ago(hours=1), ago(minutes=40))
    with pytest.raises(ValidationError):
        services.switch_side(done)
    started = services.start_timer("feed", mia, None, kind="bottle")
    bottle = Feed.objects.get(pk=started.pk)
    with pytest.raises(ValidationError):
        services.switch_side(bottle)
    bottle.refresh_from_db()
    assert bottle.left_seconds is None and bottle.right_seconds is None


def test_one_tap_nappy_and_its_undo_touch_only_that_entry(alice, mia, bob) -> None:
    kept = services.log_nappy(mia, alice.user, "wet")
    wet_and_dirty = services.log_nappy(mia, alice.user, "both")
    assert (wet_and_dirty.wet, wet_and_dirty.dirty) == (True, True)
    with pytest.raises(ValidationError):
        services.log_nappy(mia, alice.user, "soaked")

    with pytest.raises(type(wet_and_dirty).DoesNotExist):
        services.undo_save(type(wet_and_dirty), wet_and_dirty.pk, bob.family)
    services.undo_save(type(wet_and_dirty), wet_and_dirty.pk, alice.family)
    assert list(type(kept).objects.filter(baby=mia)) == [kept]


def test_family_glance_shows_each_baby_side_by_side(alice, mia) -> None:
    noa = make_baby(alice.family, "Noa", age_days=60)
    sleep(noa, ago(minutes=40), None)
    feed(mia, ago(hours=1), ago(minutes=30))
    glance = today.family_glance([mia, noa])
    assert [g.baby for g in glance] == [mia, noa]
    assert glance[0].timers == [] and glance[0].last["feed"] is not None
    assert len(glance[1].timers) == 1 and "Sleep" in glance[1].timers[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, date(2026, 6, 10)),
        ("2026-06-01", date(2026, 6, 1)),
        ("2026-06-11", None),
        ("x", None),
    ],
)
def test_parse_day(value, expected) -> None:
    assert today.parse_day(value, date(2026, 6, 10)) == expected
