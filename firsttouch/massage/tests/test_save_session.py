"""``services.save_session``: the one save path, and its one routine_version rule."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.massage.services import save_session, settled_routine_version
from tests.cast import Member

from .helpers import finished_session

pytestmark = pytest.mark.django_db

LIBRARY_VERSION = "1.1"  # every routine in content/routines is at 1.1


def saved_at_09(baby: Baby) -> MassageSession:
    """A full-body session saved when the library still had version 0.9 of the routine."""
    return finished_session(baby, routine_version="0.9")


def new_session(baby: Baby, slug: str = "full-body", version: str = "") -> MassageSession:
    return MassageSession(
        baby=baby, routine_slug=slug, routine_version=version, started_at=timezone.now()
    )


def test_a_new_session_takes_the_librarys_version(mia: Baby) -> None:
    session = save_session(new_session(mia))
    session.refresh_from_db()
    assert session.routine_version == LIBRARY_VERSION


def test_a_version_given_for_a_new_session_is_kept(mia: Baby) -> None:
    """A client that played an older copy of the routine says so."""
    assert save_session(new_session(mia, version="0.9")).routine_version == "0.9"


def test_a_free_massage_has_no_version(mia: Baby) -> None:
    assert save_session(new_session(mia, slug="", version="0.9")).routine_version == ""


def test_a_session_of_a_retired_routine_keeps_its_version(mia: Baby) -> None:
    """The routine left the library; its sessions stay editable and keep what they recorded,
    and one that recorded no version gets none (the library cannot say which it was)."""
    recorded = finished_session(mia, routine_slug="retired-routine", routine_version="0.9")
    recorded.notes = "From before"
    assert save_session(recorded).routine_version == "0.9"
    unrecorded = finished_session(mia, routine_slug="retired-routine", routine_version="")
    assert save_session(unrecorded).routine_version == ""


def test_a_new_session_must_name_a_routine_from_the_library(mia: Baby) -> None:
    with pytest.raises(ValidationError) as err:
        save_session(new_session(mia, slug="retired-routine"))
    assert "routine_slug" in err.value.message_dict


def test_the_recorded_version_stays_while_the_routine_stays(mia: Baby) -> None:
    """The library has moved on to 1.1 since; the session still followed 0.9."""
    session = saved_at_09(mia)
    session.notes = "Loved the feet"
    save_session(session)
    session.routine_version = ""  # e.g. an edit that does not carry the version along
    save_session(session)
    session.refresh_from_db()
    assert session.routine_version == "0.9" and session.notes == "Loved the feet"


def test_changing_the_routine_takes_the_new_routines_version(mia: Baby) -> None:
    session = saved_at_09(mia)
    session.routine_slug = "bedtime-wind-down"
    save_session(session)
    session.refresh_from_db()
    assert session.routine_version == LIBRARY_VERSION


def test_removing_the_routine_clears_the_version(mia: Baby) -> None:
    session = saved_at_09(mia)
    session.routine_slug = ""
    assert save_session(session).routine_version == ""


def test_the_rule_on_its_own() -> None:
    """(slug, version) as saved before, and what the change asks for."""

    def settle(slug: str, version: str, recorded: tuple[str, str] | None) -> str:
        return settled_routine_version(
            MassageSession(routine_slug=slug, routine_version=version), recorded
        )

    assert settle("full-body", "", None) == LIBRARY_VERSION
    assert settle("full-body", "0.8", ("full-body", "0.9")) == "0.8"  # a correction
    assert settle("full-body", "", ("full-body", "0.9")) == "0.9"
    assert settle("colic-comfort", "0.9", ("full-body", "0.9")) == LIBRARY_VERSION
    assert settle("colic-comfort", "0.7", ("full-body", "0.9")) == "0.7"
    assert settle("", "0.9", ("full-body", "0.9")) == ""


def test_an_invalid_session_is_refused_and_not_saved(mia: Baby) -> None:
    session = new_session(mia)
    session.cues = ["glowing"]
    with pytest.raises(ValidationError):
        save_session(session)
    assert not MassageSession.objects.exists()


def test_editing_on_the_page_keeps_the_recorded_version(alice: Member, mia: Baby) -> None:
    session = saved_at_09(mia)
    form = {
        "baby": mia.pk,
        "routine_slug": "full-body",
        "tool": "hands",
        "started_at": timezone.localtime(session.started_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "15",
    }
    client = alice.client()
    client.post(reverse("massage:edit_session", args=[session.pk]), form)
    session.refresh_from_db()
    assert session.routine_version == "0.9" and session.duration_seconds == 15 * 60
    client.post(
        reverse("massage:edit_session", args=[session.pk]),
        {**form, "routine_slug": "colic-comfort"},
    )
    session.refresh_from_db()
    assert (session.routine_slug, session.routine_version) == ("colic-comfort", LIBRARY_VERSION)
    client.post(reverse("massage:edit_session", args=[session.pk]), {**form, "routine_slug": ""})
    session.refresh_from_db()
    assert (session.routine_slug, session.routine_version) == ("", "")
