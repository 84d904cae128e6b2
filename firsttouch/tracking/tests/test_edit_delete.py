"""Lists, editing, deleting with confirmation, and undoing a delete."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from firsttouch.tracking.models import Sleep

from .factories import ago, note, sleep


def test_the_list_shows_the_babys_entries_with_edit_and_delete(alice, mia) -> None:
    entry = sleep(mia, ago(hours=3), ago(hours=2))
    page = (
        alice.client()
        .get(reverse("tracking:list", args=["sleep"]), {"baby": mia.pk})
        .content.decode()
    )
    assert reverse("tracking:edit", args=["sleep", entry.pk]) in page
    assert reverse("tracking:delete", args=["sleep", entry.pk]) in page
    assert "1 h 00 min" in page


def test_an_empty_list_says_what_to_do(alice, mia) -> None:
    page = (
        alice.client()
        .get(reverse("tracking:list", args=["feed"]), {"baby": mia.pk})
        .content.decode()
    )
    assert "No feed logged for Mia yet" in page


def test_editing_changes_the_entry(alice, mia) -> None:
    end = ago(hours=2)
    entry = sleep(mia, ago(hours=3), end)
    new_end = end + timedelta(minutes=30)
    local = ZoneInfo(alice.family.time_zone)
    response = alice.client().post(
        reverse("tracking:edit", args=["sleep", entry.pk]),
        {
            "start": entry.start.astimezone(local).strftime("%Y-%m-%dT%H:%M"),
            "end": new_end.astimezone(local).strftime("%Y-%m-%dT%H:%M"),
            "notes": "Longer than we thought",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.notes == "Longer than we thought"
    assert entry.end == new_end.replace(second=0, microsecond=0)


def test_delete_asks_first(alice, mia) -> None:
    entry = sleep(mia, ago(hours=3), ago(hours=2))
    page = alice.client().get(reverse("tracking:delete", args=["sleep", entry.pk]))
    assert "Delete this sleep?" in page.content.decode()
    assert Sleep.objects.filter(pk=entry.pk).exists()


def test_delete_removes_and_undo_restores(alice, mia) -> None:
    entry = sleep(mia, ago(hours=3), ago(hours=2), notes="Nap in the pram")
    client = alice.client()
    response = client.post(reverse("tracking:delete", args=["sleep", entry.pk]), follow=True)
    page = response.content.decode()
    assert "Deleted: Sleep" in page
    assert "Undo delete" in page
    assert not Sleep.objects.exists()
    response = client.post(reverse("tracking:undo"), follow=True)
    assert "Restored" in response.content.decode()
    restored = Sleep.objects.get()
    assert (restored.pk, restored.notes, restored.start) == (entry.pk, entry.notes, entry.start)
    again = client.post(reverse("tracking:undo"), follow=True)
    assert "nothing to undo" in again.content.decode()
    assert Sleep.objects.count() == 1


def test_undo_is_refused_when_it_would_overlap(alice, mia) -> None:
    entry = sleep(mia, ago(hours=3), ago(hours=2))
    client = alice.client()
    client.post(reverse("tracking:delete", args=["sleep", entry.pk]))
    sleep(mia, ago(hours=2, minutes=30), ago(hours=1))
    response = client.post(reverse("tracking:undo"), follow=True)
    assert "Could not restore" in response.content.decode()
    assert Sleep.objects.count() == 1


def test_the_partner_can_delete_an_entry(dan, mia) -> None:
    entry = note(mia, ago(hours=1))
    dan.client().post(reverse("tracking:delete", args=["note", entry.pk]))
    assert not type(entry).objects.exists()
