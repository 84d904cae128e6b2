"""The resources the API serves, each one line of configuration for the router factory."""

from __future__ import annotations

from typing import Any

from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest
from firsttouch.massage.models import Massager, MassageSession
from firsttouch.massage.services import save_session, wand_warnings
from firsttouch.tracking.models import (
    Crying,
    Entry,
    Feed,
    GasEpisode,
    Growth,
    IllnessCheck,
    Nappy,
    Note,
    Sleep,
    TeethingSign,
)
from firsttouch.tracking.red_flags import warnings_for
from firsttouch.tracking.services import save_entry, stop_timer

from . import schemas as s
from .kit.resource import Resource


def _in_family(baby: Baby, request: FamilyRequest) -> None:
    baby.family = request.family


def _logged_by(row: Any, request: FamilyRequest) -> None:
    row.created_by = request.user


def _entry(
    model: type[Entry],
    path: str,
    schema_in: type[s.Schema],
    schema_out: type[s.Schema],
    time_field: str = "time",
    stop: bool = False,
    red_flags: bool = False,
) -> Resource[Any]:
    return Resource(
        model=model,
        path=path,
        tag="tracking",
        schema_in=schema_in,
        schema_out=schema_out,
        save=save_entry,
        time_field=time_field,
        foreign_keys={"baby": Baby},
        on_create=_logged_by,
        stop=stop_timer if stop else None,
        warnings=warnings_for if red_flags else None,
    )


RESOURCES: list[Resource[Any]] = [
    Resource(
        model=Baby,
        path="babies",
        tag="babies",
        schema_in=s.BabyIn,
        schema_out=s.BabyOut,
        foreign_keys={},
        on_create=_in_family,
    ),
    Resource(
        model=MassageSession,
        path="massage-sessions",
        tag="massage",
        schema_in=s.MassageSessionIn,
        schema_out=s.MassageSessionOut,
        save=save_session,
        time_field="started_at",
        foreign_keys={"baby": Baby, "massager": Massager},
        on_create=_logged_by,
        warnings=wand_warnings,
    ),
    _entry(Sleep, "sleep", s.SleepIn, s.SleepOut, "start", stop=True),
    _entry(Crying, "crying", s.CryingIn, s.CryingOut, "start", stop=True),
    _entry(Feed, "feeds", s.FeedIn, s.FeedOut, "start", stop=True),
    _entry(Nappy, "nappies", s.NappyIn, s.NappyOut, red_flags=True),
    _entry(GasEpisode, "gas", s.GasIn, s.GasOut),
    _entry(TeethingSign, "teething", s.TeethingIn, s.TeethingOut),
    _entry(Growth, "growth", s.GrowthIn, s.GrowthOut),
    _entry(Note, "notes", s.NoteIn, s.NoteOut),
    _entry(IllnessCheck, "illness-checks", s.IllnessIn, s.IllnessOut, red_flags=True),
]
