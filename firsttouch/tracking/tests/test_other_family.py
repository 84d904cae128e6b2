"""Bob (another family) gets a 404 on every tracking route for Alice's baby and entries."""

from __future__ import annotations

from django.urls import reverse

from firsttouch.tracking.models import Note, Sleep

from .factories import ago, note, sleep


def test_bob_cannot_see_or_touch_alices_baby_or_entries(bob, mia) -> None:
    running = sleep(mia, ago(hours=1), None)
    entry = note(mia, ago(hours=2))
    client = bob.client()
    gets = [
        (reverse("tracking:log"), {"baby": mia.pk}),
        (reverse("tracking:timers"), {"baby": mia.pk}),
        (reverse("tracking:list", args=["sleep"]), {"baby": mia.pk}),
        (reverse("tracking:add", args=["note"]), {"baby": mia.pk}),
        (reverse("tracking:edit", args=["note", entry.pk]), {}),
        (reverse("tracking:delete", args=["note", entry.pk]), {}),
    ]
    for url, params in gets:
        assert client.get(url, params).status_code == 404, url
    posts = [
        (reverse("tracking:start", args=["crying"]), {"baby": mia.pk}),
        (reverse("tracking:stop", args=["sleep", running.pk]), {}),
        (
            f"{reverse('tracking:add', args=['note'])}?baby={mia.pk}",
            {"time": "2024-01-01T10:00", "notes": "Bob was here"},
        ),
        (
            reverse("tracking:edit", args=["note", entry.pk]),
            {"time": "2024-01-01T10:00", "notes": "Bob was here"},
        ),
        (reverse("tracking:delete", args=["note", entry.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    running.refresh_from_db()
    assert running.end is None
    assert Note.objects.get().notes == "A good day"
    assert Sleep.objects.count() == 1


def test_bob_cannot_undo_into_alices_family(alice, bob, mia) -> None:
    entry = note(mia, ago(hours=2))
    alice_client = alice.client()
    alice_client.post(reverse("tracking:delete", args=["note", entry.pk]))
    # Bob's own session has nothing to undo, and a session cannot be shared across users.
    response = bob.client().post(reverse("tracking:undo"), follow=True)
    assert "nothing to undo" in response.content.decode()
    assert not Note.objects.exists()


def test_restore_checks_the_family(alice, bob, mia) -> None:
    import pytest
    from django.core.exceptions import ValidationError

    from firsttouch.tracking import services

    data = services.delete_entry(note(mia, ago(hours=2)))
    with pytest.raises(ValidationError):
        services.restore_entry(data, bob.family)
    assert not Note.objects.exists()


def test_the_log_page_refuses_a_baby_that_does_not_exist(alice, mia) -> None:
    assert alice.client().get(reverse("tracking:log"), {"baby": "abc"}).status_code == 404
