"""Bob's family cannot see, play, log, edit or delete Alice's sessions, nor log for Mia."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firsttouch.babies.models import Baby
from firsttouch.massage.models import Massager, MassageSession
from tests.cast import Member

from .helpers import finished_session, safety_post

SESSION_ROUTES = ["play", "log_session", "edit_session", "delete_session"]


@pytest.mark.parametrize("route", SESSION_ROUTES)
def test_bob_gets_404_on_alices_sessions(route: str, bob: Member, mia: Baby) -> None:
    session = finished_session(mia)
    client = bob.client()
    assert client.get(reverse(f"massage:{route}", args=[session.pk])).status_code == 404
    assert (
        client.post(reverse(f"massage:{route}", args=[session.pk]), {"tool": "hands"}).status_code
        == 404
    )
    assert MassageSession.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("route", ["finish", "stop"])
def test_bob_cannot_end_alices_running_session(route: str, bob: Member, mia: Baby) -> None:
    session = MassageSession.objects.create(baby=mia, routine_slug="full-body")
    response = bob.client().post(
        reverse(f"massage:{route}", args=[session.pk]), {"steps_completed": "1"}
    )
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.is_running


def test_bob_cannot_log_or_start_for_mia(bob: Member, leo: Baby, mia: Baby) -> None:
    client = bob.client()
    response = client.post(
        reverse("massage:log_afterwards"),
        {
            "baby": mia.pk,
            "started_at": "2026-01-01T10:00",
            "duration_minutes": "5",
            "tool": "hands",
        },
    )
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("massage:start", args=["full-body"]), safety_post("full-body", mia)
    )
    assert "Choose one of your babies." in response.content.decode()
    assert not MassageSession.objects.exists()


def test_lists_and_pages_show_only_the_own_family(
    bob: Member, leo: Baby, mia: Baby, alice: Member
) -> None:
    finished_session(mia)
    Massager.objects.create(family=alice.family, name="Alice's wand", vibration_levels=["off"])
    client = bob.client()
    assert "Mia" not in client.get(reverse("massage:sessions")).content.decode()
    assert "Alice&#x27;s wand" not in client.get(reverse("massage:device")).content.decode()
    library = client.get(reverse("massage:library"), {"baby": mia.pk}).content.decode()
    assert "Suggested for Leo" in library and "Mia" not in library
    detail = client.get(reverse("massage:routine", args=["full-body"]), {"baby": mia.pk})
    assert "Start with Leo" in detail.content.decode()


def test_bob_cannot_log_with_alices_device(bob: Member, leo: Baby, alice: Member) -> None:
    device = Massager.objects.create(
        family=alice.family, heads=[{"name": "Dome"}], vibration_levels=["off"]
    )
    response = bob.client().post(
        reverse("massage:log_afterwards"),
        {
            "baby": leo.pk,
            "started_at": "2026-01-01T10:00",
            "duration_minutes": "5",
            "tool": "wand",
            "massager": device.pk,
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not MassageSession.objects.exists()
