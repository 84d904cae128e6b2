"""One-tap timers: start, refuse a second, stop; visible from another caregiver's phone."""

from __future__ import annotations

from django.urls import reverse

from firsttouch.tracking.models import Crying, Feed, Sleep

from .factories import ago, sleep


def start(client, entry_kind: str, baby, **extra: str):
    return client.post(
        reverse("tracking:start", args=[entry_kind]), {"baby": baby.pk, **extra}, follow=True
    )


def test_a_sleep_timer_starts_with_one_tap(alice, mia) -> None:
    response = start(alice.client(), "sleep", mia)
    running = Sleep.objects.get()
    assert running.end is None and running.created_by == alice.user
    assert "Sleep timer started." in response.content.decode()


def test_a_second_sleep_timer_is_refused_with_a_message(alice, mia) -> None:
    client = alice.client()
    start(client, "sleep", mia)
    response = start(client, "sleep", mia)
    assert "already running" in response.content.decode()
    assert Sleep.objects.count() == 1


def test_a_sleep_and_a_crying_timer_may_run_together(alice, mia) -> None:
    client = alice.client()
    start(client, "sleep", mia)
    start(client, "crying", mia, intensity="fussing")
    assert Crying.objects.get().intensity == "fussing"
    assert Sleep.objects.count() == 1


def test_a_feed_timer_takes_the_side(alice, mia) -> None:
    start(alice.client(), "feed", mia, kind="breast", side="right")
    feed = Feed.objects.get()
    assert (feed.kind, feed.side, feed.end) == ("breast", "right", None)


def test_stopping_ends_the_timer_now(alice, mia) -> None:
    running = sleep(mia, ago(minutes=40), None)
    client = alice.client()
    response = client.post(
        reverse("tracking:stop", args=["sleep", running.pk]),
        {"next": reverse("baby", args=[mia.pk])},
    )
    assert response["Location"] == reverse("baby", args=[mia.pk])
    running.refresh_from_db()
    assert running.end is not None
    assert running.end - running.start >= ago(minutes=1) - ago(minutes=40)


def test_stop_does_not_redirect_off_site(alice, mia) -> None:
    running = sleep(mia, ago(minutes=40), None)
    response = alice.client().post(
        reverse("tracking:stop", args=["sleep", running.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"].startswith(reverse("tracking:log"))


def test_the_partner_sees_the_running_timer(alice, dan, mia) -> None:
    start(alice.client(), "sleep", mia)
    fragment = dan.client().get(reverse("tracking:timers"), {"baby": mia.pk}).content.decode()
    assert 'id="timers"' in fragment
    assert "Stop sleep" in fragment
    assert 'hx-trigger="every 30s"' in fragment
    assert "data-since=" in fragment


def test_no_running_timer_says_so(alice, mia) -> None:
    fragment = alice.client().get(reverse("tracking:timers"), {"baby": mia.pk}).content.decode()
    assert "No timer is running" in fragment


def test_a_point_kind_has_no_timer(alice, mia) -> None:
    response = alice.client().post(reverse("tracking:start", args=["nappy"]), {"baby": mia.pk})
    assert response.status_code == 404
