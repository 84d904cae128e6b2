"""A valid body, a change and an invalid body for each resource, so tests cover all ten."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.core.scoping import FamilyOwned
from firsttouch.massage.content import library
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import (
    Crying,
    Feed,
    GasEpisode,
    Growth,
    IllnessCheck,
    Nappy,
    Note,
    Sleep,
    TeethingSign,
)

from .helpers import ago, iso


@dataclass(frozen=True)
class Sample:
    path: str
    model: type[FamilyOwned]
    valid: Callable[[Baby], dict[str, Any]]
    change: dict[str, Any]
    # An invalid body and the field its error must name.
    invalid: Callable[[Baby], dict[str, Any]]
    bad_field: str


def _routine_slug() -> str:
    return library().routines[0].slug


SAMPLES = [
    Sample(
        "/babies",
        Baby,
        lambda b: {
            "name": "Noa",
            "birth_date": str(timezone.localdate() - timedelta(10)),
            "gestational_weeks": 34,
        },
        {"name": "Noa Rose"},
        lambda b: {"name": "Noa", "birth_date": str(timezone.localdate() + timedelta(3))},
        "birth_date",
    ),
    Sample(
        "/massage-sessions",
        MassageSession,
        lambda b: {
            "baby": b.pk,
            "routine_slug": _routine_slug(),
            "started_at": iso(ago(minutes=30)),
            "ended_at": iso(ago(minutes=15)),
            "state_before": "fussy",
            "state_after": "calm",
            "steps_completed": 3,
        },
        {"notes": "Smiled through the leg strokes"},
        lambda b: {"baby": b.pk, "tool": "hands", "wand_head": "soft"},
        "tool",
    ),
    Sample(
        "/sleep",
        Sleep,
        lambda b: {"baby": b.pk, "start": iso(ago(hours=3)), "end": iso(ago(hours=2))},
        {"notes": "In the pram"},
        lambda b: {"baby": b.pk, "start": iso(ago(hours=2)), "end": iso(ago(hours=3))},
        "end",
    ),
    Sample(
        "/crying",
        Crying,
        lambda b: {
            "baby": b.pk,
            "start": iso(ago(hours=5)),
            "end": iso(ago(hours=4.8)),
            "intensity": "fussing",
        },
        {"intensity": "inconsolable"},
        lambda b: {"baby": b.pk, "intensity": "screaming"},
        "intensity",
    ),
    Sample(
        "/feeds",
        Feed,
        lambda b: {
            "baby": b.pk,
            "start": iso(ago(hours=1)),
            "end": iso(ago(minutes=40)),
            "kind": "breast",
            "side": "left",
        },
        {"side": "both"},
        lambda b: {"baby": b.pk, "kind": "breast", "end": iso(ago(minutes=1))},
        "side",
    ),
    Sample(
        "/nappies",
        Nappy,
        lambda b: {"baby": b.pk, "time": iso(ago(minutes=5)), "wet": True},
        {"dirty": True, "colour": "yellow"},
        lambda b: {"baby": b.pk},
        "wet",
    ),
    Sample(
        "/gas",
        GasEpisode,
        lambda b: {"baby": b.pk, "severity": "moderate", "relieved_by": "tummy massage"},
        {"severity": "mild"},
        lambda b: {"baby": b.pk, "severity": "extreme"},
        "severity",
    ),
    Sample(
        "/teething",
        TeethingSign,
        lambda b: {"baby": b.pk, "signs": ["drooling", "chewing"]},
        {"signs": ["tooth_visible"]},
        lambda b: {"baby": b.pk, "signs": ["sneezing"]},
        "signs",
    ),
    Sample(
        "/growth",
        Growth,
        lambda b: {"baby": b.pk, "weight_g": 5200, "length_cm": "57.5"},
        {"weight_g": 5300},
        lambda b: {"baby": b.pk},
        "weight_g",
    ),
    Sample(
        "/notes",
        Note,
        lambda b: {"baby": b.pk, "notes": "First smile"},
        {"notes": "First real smile"},
        lambda b: {"baby": b.pk, "notes": "   "},
        "notes",
    ),
    Sample(
        "/illness-checks",
        IllnessCheck,
        lambda b: {"baby": b.pk, "temperature_c": 37.2, "signs": ["vomiting"]},
        {"signs": ["vomiting", "feeding_poorly"]},
        lambda b: {"baby": b.pk, "temperature_c": "45.0"},
        "temperature_c",
    ),
]
IDS = [s.path.strip("/") for s in SAMPLES]
