"""One shape for every safety warning the product raises about a saved entry.

A warning is raised when something a caregiver logged is a red flag (a pale stool, a fever in a
young baby, a wand used above the lowest level...). It travels unchanged to every place the
caregiver may be looking: the API answer that saved the entry (``warnings``), the page that
saved it (a ``role="alert"`` box), the home page and insights while it is recent, and the
doctor's PDF. Apps decide *when* to raise one; this module only fixes *what* one is, so the
API, the pages and the report never disagree on its wording or urgency.

The words of a warning come from the content files with their published source; a warning
never diagnoses: it says what was seen, what to do, and how soon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# How soon to act, most urgent first. `emergency`: call the emergency number now;
# `urgent`: urgent medical assessment now; `today`: contact a doctor or health visitor today;
# `advice`: read this before going on (it is a log, not a prescription).
Urgency = Literal["emergency", "urgent", "today", "advice"]
URGENCY_ORDER: dict[str, int] = {"emergency": 0, "urgent": 1, "today": 2, "advice": 3}


@dataclass(frozen=True)
class SafetyWarning:
    """What was seen (``message``), what to do (``action``), how soon (``urgency``)."""

    code: str
    message: str
    action: str
    urgency: Urgency
    source: str
    # When the entry that raised it was logged (shown as "logged on ..." while it is recent).
    logged_at: datetime | None = field(default=None, compare=False)

    @property
    def is_urgent(self) -> bool:
        return self.urgency in ("emergency", "urgent")


def most_urgent_first(warnings: list[SafetyWarning]) -> list[SafetyWarning]:
    """Most urgent first; within one urgency, the most recently logged first."""
    return sorted(
        warnings,
        key=lambda w: (
            URGENCY_ORDER[w.urgency],
            -(w.logged_at.timestamp() if w.logged_at else 0.0),
        ),
    )
