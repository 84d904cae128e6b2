"""The Today page over HTTP: one-tap logging with undo, the side switch, days, twins."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from firsttouch.tracking.models import Feed, Nappy
from firsttouch.tracking.tests.factories import ago, feed, nappy
from tests.cast import make_baby

pytestmark = pytest.mark.django_db


def test_a_one_tap_nappy_goes_back_to_today_with_an_undo(alice, mia) -> None:
    client = alice.client()
    today_url = reverse("baby", args=[mia.pk])
    response = client.post(
        reverse("tracking:nappy_tap"), {"baby": mia.pk, "what": "dirty", "next": today_url}
    )
    assert response.status_code == 302 and response["Location"] == today_url
    saved = Nappy.objects.get(baby=mia)
    assert saved.dirty and not saved.wet

    html = client.get(today_url).content.decode()
    undo_url = reverse("tracking:undo_save", args=["nappy", saved.pk])
    assert f'action="{undo_url}"' in html and "Saved: Nappy: dirty." in html
    # Offered once: a reload no longer shows it.
    assert f'action="{undo_url}"' not in client.get(today_url).content.decode()

    response = client.post(undo_url, {"next": today_url})
    assert response["Location"] == today_url
    assert not Nappy.objects.filter(baby=mia).exists()
    assert "Undone" in client.get(today_url).content.decode()


def test_a_bad_tap_saves_nothing_and_says_why(alice, mia) -> None:
    client = alice.client()
    client.post(reverse("tracking:nappy_tap"), {"baby": mia.pk, "what": "soaked"})
    assert not Nappy.objects.exists()
    assert "Choose wet, dirty or both." in client.get(reverse("tracking:log")).content.decode()


def test_another_family_can_neither_tap_nor_undo_nor_switch(alice, mia, bob) -> None:
    mine = nappy(mia, ago(minutes=2))
    running = feed(mia, ago(minutes=10), None, side="left")
    client = bob.client()
    assert (
        client.post(reverse("tracking:nappy_tap"), {"baby": mia.pk, "what": "wet"}).status_code
        == 404
    )
    assert client.post(reverse("tracking:undo_save", args=["nappy", mine.pk])).status_code == 404
    assert client.post(reverse("tracking:switch_side", args=[running.pk])).status_code == 404
    assert Nappy.objects.filter(baby=mia).count() == 1
    running.refresh_from_db()
    assert running.side == "left" and running.left_seconds is None


def test_the_side_switch_button_keeps_the_feed_running(alice, mia) -> None:
    running = feed(mia, ago(minutes=10), None, side="left")
    client = alice.client()
    html = client.get(reverse("baby", args=[mia.pk])).content.decode()
    assert "Switch to right" in html
    client.post(reverse("tracking:switch_side", args=[running.pk]))
    running.refresh_from_db()
    assert running.end is None and running.last_side == "right" and running.left_seconds
    assert "Switch to left" in client.get(reverse("baby", args=[mia.pk])).content.decode()


def test_today_shows_time_since_next_breast_and_totals(alice, mia) -> None:
    feed(mia, ago(minutes=90), ago(minutes=70), side="left")
    nappy(mia, ago(minutes=10), wet=True)
    html = alice.client().get(reverse("baby", args=[mia.pk])).content.decode()
    assert "1 h 10 min ago" in html
    assert 'id="next-breast"><strong>Right</strong>' in html
    assert "Wet nappies" in html and 'id="day-nav"' in html


def test_a_previous_day_is_the_same_page_for_that_date(alice, mia) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    nappy(mia, ago(days=1), dirty=True, notes="yesterday's")
    client = alice.client()
    url = reverse("baby", args=[mia.pk])
    html = client.get(url, {"day": yesterday.isoformat()}).content.decode()
    assert "yesterday" in html and f"?day={(yesterday + timedelta(days=1)).isoformat()}" in html
    assert 'id="since"' not in html  # time since belongs to today
    assert 'id="one-tap"' not in html


@pytest.mark.parametrize("day", ["tomorrow", "2999-01-01"])
def test_an_unreadable_or_future_day_goes_to_today_with_a_message(alice, mia, day) -> None:
    client = alice.client()
    response = client.get(reverse("baby", args=[mia.pk]), {"day": day})
    assert response.status_code == 302
    assert "could not be shown" in client.get(response["Location"]).content.decode()


def test_twins_are_side_by_side(alice, mia) -> None:
    noa = make_baby(alice.family, "Noa", age_days=60)
    Feed.objects.create(baby=noa, start=ago(minutes=15), end=None, side="right")
    html = alice.client().get(reverse("baby", args=[mia.pk])).content.decode()
    assert 'id="family-glance"' in html
    assert html.count('class="card glance-baby') == 2
    assert "Breastfeed, right, running for 15 min" in html


def test_the_bottle_form_opens_on_bottle_with_quick_amounts(alice, mia) -> None:
    html = (
        alice.client()
        .get(reverse("tracking:add", args=["feed"]), {"baby": mia.pk, "kind": "bottle"})
        .content.decode()
    )
    checked = re.findall(r'<input type="radio" name="kind" value="(\w+)"[^>]*checked', html)
    assert checked == ["bottle"]
    for ml in (30, 60, 90, 120):
        assert f'data-value="{ml}"' in html
