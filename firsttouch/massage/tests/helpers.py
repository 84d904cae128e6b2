"""Shared helpers for the massage tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.massage.content import library
from firsttouch.massage.models import MassageSession


def safety_post(slug: str, baby: Baby, **changes: str | list[str]) -> dict[str, Any]:
    """A safety form with every answer set so that nothing stops the session."""
    routine = library().get(slug)
    assert routine is not None
    data: dict[str, Any] = {"baby": str(baby.pk)}
    for q in library().safety_for(routine):
        data[q.id] = "no" if q.triggers_on else "yes"
    data.update(changes)
    return data


def finished_session(
    baby: Baby, minutes_ago: int = 30, length: int = 10, **fields: Any
) -> MassageSession:
    start = timezone.now() - timedelta(minutes=minutes_ago)
    fields = {"routine_slug": "full-body", "routine_version": "1.0", **fields}
    return MassageSession.objects.create(
        baby=baby, started_at=start, ended_at=start + timedelta(minutes=length), **fields
    )
