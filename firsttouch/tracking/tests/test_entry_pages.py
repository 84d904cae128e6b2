"""Adding and editing entries through the pages: messages, nothing saved on bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from firsttouch.tracking.models import Feed, Nappy, Note, Sleep, TeethingSign

from .factories import ago, sleep


def _local(dt: datetime, tz: str = "Europe/London") -> str:
    return dt.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def add_url(kind: str, baby) -> str:
    return f"{reverse('tracking:add', args=[kind])}?baby={baby.pk}"


def test_the_quick_log_page_has_a_button_per_kind(alice, mia) -> None:
    page = alice.client().get(reverse("tracking:log"), {"baby": mia.pk}).content.decode()
    for label in (
        "Start sleep timer",
        "Start crying timer",
        "Start left breast",
        "Add nappy",
        "Add gas or discomfort",
        "Add teething",
        "Add weight and length",
        "Add note",
    ):
        assert label in page


def test_the_log_page_without_a_baby_says_to_add_one(alice) -> None:
    page = alice.client().get(reverse("tracking:log")).content.decode()
    assert "Add your baby" in page


def test_a_sleep_is_added_in_the_familys_time_zone(alice, mia) -> None:
    alice.family.time_zone = "Europe/Berlin"
    alice.family.save()
    start = ago(hours=3).replace(second=0, microsecond=0)
    end = start + timedelta(hours=1)
    response = alice.client().post(
        add_url("sleep", mia),
        {
            "start": _local(start, "Europe/Berlin"),
            "end": _local(end, "Europe/Berlin"),
        },
    )
    assert response.status_code == 302
    saved = Sleep.objects.get()
    assert (saved.start, saved.end, saved.created_by) == (start, end, alice.user)


def test_the_form_defaults_to_now(alice, mia) -> None:
    page = alice.client().get(add_url("note", mia)).content.decode()
    assert _local(timezone.now()) in page or _local(ago(minutes=1)) in page


def test_an_end_before_the_start_shows_the_message_and_saves_nothing(alice, mia) -> None:
    start = ago(hours=2)
    response = alice.client().post(
        add_url("sleep", mia),
        {
            "start": _local(start),
            "end": _local(start - timedelta(hours=1)),
        },
    )
    assert response.status_code == 200
    assert "The end must be after the start." in response.content.decode()
    assert not Sleep.objects.exists()


def test_an_overlapping_sleep_shows_the_message_and_saves_nothing(alice, mia) -> None:
    sleep(mia, ago(hours=3), ago(hours=1))
    response = alice.client().post(
        add_url("sleep", mia),
        {
            "start": _local(ago(hours=2)),
            "end": _local(ago(minutes=30)),
        },
    )
    assert "This overlaps another sleep" in response.content.decode()
    assert Sleep.objects.count() == 1


def test_a_future_time_is_refused(alice, mia) -> None:
    response = alice.client().post(
        add_url("note", mia),
        {
            "time": _local(ago(hours=-3)),
            "notes": "Tomorrow",
        },
    )
    assert "in the future" in response.content.decode()
    assert not Note.objects.exists()


def test_a_bottle_feed_keeps_its_amount(alice, mia) -> None:
    start = ago(hours=1)
    alice.client().post(
        add_url("feed", mia),
        {
            "kind": "bottle",
            "contents": "formula",
            "amount_ml": "120",
            "start": _local(start),
            "end": _local(start + timedelta(minutes=15)),
        },
    )
    feed = Feed.objects.get()
    assert (feed.kind, feed.contents, feed.amount_ml, feed.side) == ("bottle", "formula", 120, "")


def test_a_breastfeed_needs_a_side(alice, mia) -> None:
    response = alice.client().post(
        add_url("feed", mia),
        {
            "kind": "breast",
            "start": _local(ago(hours=1)),
        },
    )
    assert "Choose which breast" in response.content.decode()
    assert not Feed.objects.exists()


def test_stool_details_only_with_a_dirty_nappy(alice, mia) -> None:
    client = alice.client()
    response = client.post(
        add_url("nappy", mia), {"time": _local(ago(minutes=5)), "wet": "on", "colour": "yellow"}
    )
    assert "tick dirty" in response.content.decode()
    assert not Nappy.objects.exists()
    client.post(
        add_url("nappy", mia),
        {"time": _local(ago(minutes=5)), "dirty": "on", "consistency": "soft", "colour": "yellow"},
    )
    assert Nappy.objects.get().colour == "yellow"


def test_stool_fields_are_marked_to_show_only_when_dirty(alice, mia) -> None:
    page = alice.client().get(add_url("nappy", mia)).content.decode()
    assert 'data-show-when="dirty=on"' in page


def test_teething_signs_are_ticked(alice, mia) -> None:
    client = alice.client()
    response = client.post(add_url("teething", mia), {"time": _local(ago(minutes=5))})
    assert "Tick at least one sign." in response.content.decode()
    client.post(
        add_url("teething", mia), {"time": _local(ago(minutes=5)), "signs": ["drooling", "chewing"]}
    )
    assert TeethingSign.objects.get().signs == ["drooling", "chewing"]


def test_an_entry_late_in_the_utc_day_shows_on_the_next_day_in_berlin(alice, mia) -> None:
    alice.family.time_zone = "Europe/Berlin"
    alice.family.save()
    yesterday = timezone.now().astimezone(UTC).date() - timedelta(days=2)
    late = datetime.combine(yesterday, datetime.min.time(), tzinfo=UTC).replace(hour=23, minute=30)
    Note.objects.create(baby=mia, time=late, notes="Late one")
    page = (
        alice.client()
        .get(reverse("tracking:list", args=["note"]), {"baby": mia.pk})
        .content.decode()
    )
    berlin = late.astimezone(ZoneInfo("Europe/Berlin"))
    assert berlin.date() == yesterday + timedelta(days=1)
    assert f"{berlin:%a} {berlin.day} {berlin:%b}, {berlin:%H}:30" in page
    edit = alice.client().get(reverse("tracking:edit", args=["note", Note.objects.get().pk]))
    assert berlin.strftime("%Y-%m-%dT%H:%M") in edit.content.decode()


def test_an_unknown_kind_is_not_found(alice, mia) -> None:
    assert alice.client().get(add_url("pony", mia)).status_code == 404
