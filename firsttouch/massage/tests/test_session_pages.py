"""Logging afterwards, the session list, editing, deleting, and the device page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.massage.models import Massager, MassageSession
from tests.cast import Member

from .helpers import finished_session


def local_input(minutes_ago: int) -> str:
    return (timezone.localtime() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


def test_log_a_session_afterwards(alice: Member, mia: Baby) -> None:
    client = alice.client()
    assert client.get(reverse("massage:log_afterwards")).status_code == 200
    response = client.post(
        reverse("massage:log_afterwards"),
        {
            "baby": mia.pk,
            "routine_slug": "bedtime-wind-down",
            "started_at": local_input(60),
            "duration_minutes": "12",
            "tool": "hands",
            "state_before": "calm",
            "state_after": "asleep",
            "cues": ["eye-contact"],
        },
    )
    assert response["Location"] == reverse("massage:sessions")
    session = MassageSession.objects.get()
    assert session.duration_seconds == 12 * 60
    assert session.routine_version == "1.1"
    assert session.created_by == alice.user
    listing = client.get(reverse("massage:sessions")).content.decode()
    assert "Bedtime wind-down" in listing and "12 min" in listing


def test_log_afterwards_with_the_wand_uses_the_familys_device(alice: Member, mia: Baby) -> None:
    device = Massager.objects.create(
        family=alice.family,
        heads=[{"name": "Soft dome", "texture": "smooth"}],
        vibration_levels=["off", "low"],
    )
    alice.client().post(
        reverse("massage:log_afterwards"),
        {
            "baby": mia.pk,
            "routine_slug": "",
            "started_at": local_input(30),
            "duration_minutes": "5",
            "tool": "wand",
            "wand_head": "Soft dome",
            "vibration": "low",
        },
    )
    session = MassageSession.objects.get()
    assert session.massager == device  # the only device is chosen for you
    assert (session.wand_head, session.vibration) == ("Soft dome", "low")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"duration_minutes": "0"}, "greater than or equal to 1"),
        ({"started_at": "yesterday-ish"}, "Enter a valid date/time"),
        (
            {"started_at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "The start is in the future",
        ),
        ({"started_at": local_input(1), "duration_minutes": "60"}, "The end is in the future"),
        ({"cues": ["sparkles"]}, "Select a valid choice"),
        ({"state_after": "ecstatic"}, "Select a valid choice"),
        ({"routine_slug": "made-up"}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_an_error_and_saves_nothing(
    alice: Member, mia: Baby, change: dict[str, object], message: str
) -> None:
    data = {
        "baby": mia.pk,
        "routine_slug": "",
        "started_at": local_input(60),
        "duration_minutes": "10",
        "tool": "hands",
        **change,
    }
    response = alice.client().post(reverse("massage:log_afterwards"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MassageSession.objects.exists()


def test_wand_head_must_belong_to_the_chosen_device(alice: Member, mia: Baby) -> None:
    Massager.objects.create(
        family=alice.family, name="A", heads=[{"name": "Dome"}], vibration_levels=["off"]
    )
    other = Massager.objects.create(
        family=alice.family, name="B", heads=[{"name": "Brush"}], vibration_levels=["off", "low"]
    )
    response = alice.client().post(
        reverse("massage:log_afterwards"),
        {
            "baby": mia.pk,
            "started_at": local_input(30),
            "duration_minutes": "5",
            "tool": "wand",
            "massager": other.pk,
            "wand_head": "Dome",
            "vibration": "low",
        },
    )
    assert "Choose one of this device&#x27;s heads." in response.content.decode()
    assert not MassageSession.objects.exists()


def test_model_rejects_unknown_cues_and_regions(mia: Baby) -> None:
    session = MassageSession(baby=mia, cues=["eye-contact", "glowing"], skipped_regions=["wings"])
    with pytest.raises(ValidationError) as err:
        session.full_clean()
    assert set(err.value.message_dict) == {"cues", "skipped_regions"}


def test_edit_a_session(alice: Member, mia: Baby) -> None:
    session = finished_session(mia, length=10)
    client = alice.client()
    page = client.get(reverse("massage:edit_session", args=[session.pk])).content.decode()
    assert 'value="10"' in page  # the measured duration, in minutes
    client.post(
        reverse("massage:edit_session", args=[session.pk]),
        {
            "baby": mia.pk,
            "routine_slug": "full-body",
            "started_at": local_input(40),
            "duration_minutes": "20",
            "tool": "hands",
            "notes": "Loved the feet",
        },
    )
    session.refresh_from_db()
    assert session.duration_seconds == 20 * 60 and session.notes == "Loved the feet"


def test_delete_asks_first_then_deletes(alice: Member, mia: Baby) -> None:
    session = finished_session(mia)
    client = alice.client()
    confirm = client.get(reverse("massage:delete_session", args=[session.pk]))
    assert "cannot be undone" in confirm.content.decode()
    assert MassageSession.objects.filter(pk=session.pk).exists()
    client.post(reverse("massage:delete_session", args=[session.pk]))
    assert not MassageSession.objects.filter(pk=session.pk).exists()


def test_empty_session_list_says_what_to_do(alice: Member) -> None:
    body = alice.client().get(reverse("massage:sessions")).content.decode()
    assert "No massages yet" in body


def test_session_list_is_one_query_for_the_rows(
    alice: Member, mia: Baby, django_assert_max_num_queries: Any
) -> None:
    for i in range(5):
        finished_session(mia, minutes_ago=100 + i * 20)
    client = alice.client()
    with django_assert_max_num_queries(6):
        client.get(reverse("massage:sessions"))


def test_configure_the_familys_massager(alice: Member) -> None:
    client = alice.client()
    page = client.get(reverse("massage:device")).content.decode()
    assert 'value="off, low"' in page  # the suggested default levels
    assert "Never use it on your baby&#x27;s head, face, spine or soft spot" in page
    client.post(
        reverse("massage:device"),
        {
            "name": "Our wand",
            "vibration_levels": "off, low, low",
            "head_1_name": "Soft dome",
            "head_1_texture": "smooth",
            "head_2_name": "Nubs",
            "head_2_texture": "bumpy",
        },
    )
    device = Massager.objects.get(family=alice.family)
    assert device.heads == [
        {"name": "Soft dome", "texture": "smooth"},
        {"name": "Nubs", "texture": "bumpy"},
    ]
    assert device.vibration_levels == ["off", "low"]
    client.post(reverse("massage:device"), {"name": "Our wand", "vibration_levels": "off"})
    assert Massager.objects.filter(family=alice.family).count() == 1


def test_device_form_errors_are_sentences(alice: Member) -> None:
    response = alice.client().post(
        reverse("massage:device"),
        {"name": "Wand", "vibration_levels": " , ", "head_1_texture": "bumpy"},
    )
    body = response.content.decode()
    assert "List at least one level" in body
    assert "Give this head a name" in body
    assert not Massager.objects.exists()
