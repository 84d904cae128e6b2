"""The Resource factory's two scopes: the family's rows, or the caller's own."""

from __future__ import annotations

from typing import Any

from ninja.testing import TestClient

from firsttouch.api import schemas as s
from firsttouch.api.kit.resource import Resource, build_router
from firsttouch.babies.models import Baby
from firsttouch.tracking.models import Note
from firsttouch.tracking.services import save_entry
from tests.cast import Member


def notes(owner: str | None) -> TestClient:
    resource: Resource[Any] = Resource(
        model=Note,
        path="notes",
        tag="test",
        schema_in=s.NoteIn,
        schema_out=s.NoteOut,
        save=save_entry,
        time_field="time",
        foreign_keys={"baby": Baby},
        owner=owner,
    )
    return TestClient(build_router(resource))


def as_member(member: Member) -> dict[str, Any]:
    return {"user": member.user, "family": member.family}


def test_a_user_owned_row_is_reached_only_by_its_owner(
    alice: Member, dan: Member, mia: Baby
) -> None:
    private = notes(owner="created_by")
    made = private.post("", json={"baby": mia.pk, "notes": "Mine"}, **as_member(alice))
    assert made.status_code == 201, made.content
    note = Note.objects.get(pk=made.json()["id"])
    assert note.created_by == alice.user and note.baby == mia

    assert private.get("", **as_member(alice)).json()["count"] == 1
    assert private.get("", **as_member(dan)).json()["count"] == 0
    assert private.get(f"/{note.pk}", **as_member(alice)).status_code == 200
    assert private.get(f"/{note.pk}", **as_member(dan)).status_code == 404
    assert private.delete(f"/{note.pk}", **as_member(dan)).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()


def test_a_family_owned_row_is_every_caregivers(
    alice: Member, dan: Member, mia: Baby, bob: Member
) -> None:
    shared = notes(owner=None)
    made = shared.post("", json={"baby": mia.pk, "notes": "Ours"}, **as_member(alice))
    assert made.status_code == 201, made.content
    assert shared.get("", **as_member(dan)).json()["count"] == 1
    assert shared.get(f"/{made.json()['id']}", **as_member(dan)).status_code == 200
    assert shared.get(f"/{made.json()['id']}", **as_member(bob)).status_code == 404
