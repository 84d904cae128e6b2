"""The lactation pages: guide, log with red flags first, history per side, edit, delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from firsttouch.lactation.models import LactationSession
from firsttouch.massage.models import Massager
from tests.cast import Member

pytestmark = pytest.mark.django_db


def form(**overrides: Any) -> dict[str, Any]:
    data = {
        "side": "left",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "minutes": "5",
        "technique": "circles",
        "tool": "hands",
        "fullness": "2",
        "pain": "3",
        "redness": "none",
        "temperature_c": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make(member: Member, hours_ago: float = 0, **fields: Any) -> LactationSession:
    fields.setdefault("side", "left")
    return LactationSession.objects.create(
        user=member.user, started_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def test_the_guide_shows_the_steps_and_sources(alice: Member) -> None:
    body = alice.client().get("/lactation/").content.decode()
    for text in (
        "Light pressure only",
        "Stroke toward the armpit",
        "lowest vibration",
        "Never press hard on a painful lump",
        "cold compress",
        "on demand",
        "abm-36",
        "douglas-2023",
        "witt-2016",
        "38.5",
    ):
        assert text in body


def test_logging_a_session_with_fever_shows_the_red_flag_first(alice: Member) -> None:
    response = alice.client().post("/lactation/log/", form(temperature_c="38.6"), follow=True)
    session = LactationSession.objects.get(user=alice.user)
    assert str(session.temperature_c) == "38.6"
    body = response.content.decode()
    assert 'role="alert"' in body and "See a clinician today" in body
    assert body.index('role="alert"') < body.index("<h1>")


def test_a_calm_session_shows_no_alert(alice: Member) -> None:
    response = alice.client().post("/lactation/log/", form(), follow=True)
    assert "No warning signs" in response.content.decode()
    assert "See a clinician today" not in response.content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"pain": "11"},
        {"side": ""},
        {"temperature_c": "100"},
        {"minutes": "0"},
        {"started_at": "yesterday-ish"},
        {"lump_hours": "30"},  # hours without a lump
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(alice: Member, bad: dict) -> None:
    response = alice.client().post("/lactation/log/", form(**bad))
    assert response.status_code == 400
    assert "Nothing was saved yet" in response.content.decode()
    assert not LactationSession.objects.exists()


def test_a_future_start_is_refused(alice: Member) -> None:
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = alice.client().post("/lactation/log/", form(started_at=later))
    assert "in the future" in response.content.decode()
    assert not LactationSession.objects.exists()


def test_the_wand_is_the_familys_device_with_its_head_and_level(alice: Member) -> None:
    wand = Massager.objects.create(
        family=alice.family, heads=[{"name": "Round"}], vibration_levels=["off", "low"]
    )
    alice.client().post("/lactation/log/", form(tool="wand", wand_head="Round", vibration="low"))
    session = LactationSession.objects.get()
    assert (session.massager, session.wand_head, session.vibration) == (wand, "Round", "low")
    response = alice.client().post("/lactation/log/", form(tool="wand", vibration="max"))
    assert response.status_code == 400
    assert LactationSession.objects.count() == 1


def test_history_has_both_sides_and_the_latest_flags_on_top(alice: Member) -> None:
    make(alice, 2, side="left", pain=2)
    make(alice, 1, side="right", pus_or_blood=True)
    body = alice.client().get("/lactation/history/").content.decode()
    assert 'id="left-h"' in body and 'id="right-h"' in body
    assert body.index('role="alert"') < body.index("<h1>")
    assert "pus or blood" in body


def test_old_flags_are_labels_not_an_alert(alice: Member) -> None:
    make(alice, 72, side="left", pus_or_blood=True)
    body = alice.client().get("/lactation/history/").content.decode()
    assert 'role="alert"' not in body
    assert "See someone today" in body


def test_history_empty_state_says_what_to_do(alice: Member) -> None:
    assert "Log your first session" in alice.client().get("/lactation/history/").content.decode()


def test_history_queries_do_not_grow_with_rows(
    alice: Member, django_assert_max_num_queries: Any
) -> None:
    for hours in range(20):
        make(alice, hours, side="left" if hours % 2 else "right", lump=True)
    client = alice.client()
    with django_assert_max_num_queries(8):
        client.get("/lactation/history/")


def test_edit_and_delete_with_confirmation(alice: Member) -> None:
    session = make(alice, 1, pain=2)
    client = alice.client()
    client.post(
        f"/lactation/session/{session.pk}/edit/",
        form(
            pain="5",
            started_at=session.started_at.astimezone(timezone.get_current_timezone()).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        ),
    )
    session.refresh_from_db()
    assert session.pain == 5
    confirm = client.get(f"/lactation/session/{session.pk}/delete/")
    assert "cannot be undone" in confirm.content.decode()
    assert LactationSession.objects.exists()
    client.post(f"/lactation/session/{session.pk}/delete/")
    assert not LactationSession.objects.exists()


def test_the_partner_and_another_family_get_404(alice: Member, dan: Member, bob: Member) -> None:
    session = make(alice, 1, notes="private")
    for other in (dan, bob):
        client = other.client()
        for path in ("", "edit/", "delete/"):
            assert client.get(f"/lactation/session/{session.pk}/{path}").status_code == 404
        assert client.post(f"/lactation/session/{session.pk}/delete/").status_code == 404
        assert "private" not in client.get("/lactation/history/").content.decode()
    assert LactationSession.objects.exists()


def test_an_imperial_family_types_and_reads_fahrenheit(alice: Member) -> None:
    """101.5 °F is kept as 38.6 °C (the fever rules read °C) and said back in °F, the fever
    threshold (38.5 °C) too."""
    alice.family.units = "imperial"
    alice.family.save(update_fields=["units"])
    client = alice.client()
    page = client.get("/lactation/log/").content.decode()
    assert "Temperature (°F)" in page and "Temperature (°C)" not in page
    response = client.post("/lactation/log/", form(temperature_c="101.5"), follow=True)
    session = LactationSession.objects.get(user=alice.user)
    assert str(session.temperature_c) == "38.6"
    body = response.content.decode()
    assert "Your temperature is 101.5 °F, which is 101.3 °F or more." in body
    refused = client.post("/lactation/log/", form(temperature_c="120"))
    assert "Enter a number between 93.2 and 109.4 °F." in refused.content.decode()
    assert LactationSession.objects.count() == 1
