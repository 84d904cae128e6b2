"""When a logged session means "see a clinician today" or "get urgent care now".

The rules follow the red flags of ABM Protocol #36 (``abm-36``). Where it gives no number
we chose one, and each is marked PRODUCT below: these are our thresholds for prompting a
call, not clinical cut-offs. A flag is never a diagnosis; it tells her who to see and how soon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _

from firsttouch.core.units import format_temperature

from .models import LactationSession, Redness

Urgency = Literal["same_day", "urgent"]

FEVER_C = Decimal("38.5")  # abm-36: "fever of 38.5 C or more"
# PRODUCT: "very painful" in abm-36 has no number; we read it as 7 or more out of 10.
VERY_PAINFUL = 7
# abm-36: a lump "not better after 24-48 hours": we flag from the lower bound, 24 h.
LUMP_HOURS = 24
# PRODUCT: an earlier session counts for a lasting lump only if it is at most 7 days old,
# so a lump that cleared weeks ago is not joined to a new one.
LUMP_LOOKBACK = timedelta(days=7)
# PRODUCT: "rapidly worsening" read as pain up 3 or more points within 12 hours, on the same
# side, with redness that is spreading.
WORSENING_POINTS = 3
WORSENING_WINDOW = timedelta(hours=12)

SOURCE = "abm-36"


@dataclass(frozen=True)
class RedFlag:
    code: str
    urgency: Urgency
    message: str
    source: str = SOURCE

    @property
    def is_urgent(self) -> bool:
        return self.urgency == "urgent"


def _urgent_care(first: str) -> str:
    """A flag's sentence, then what to do now (both in the reader's language)."""
    return (
        first
        + " "
        + _("Get urgent care now: call your emergency number or go to an emergency department.")
    )


def _same_day(first: str) -> str:
    return first + " " + _("Contact your doctor, midwife or health visitor today.")


def _fever(session: LactationSession) -> bool:
    return session.temperature_c is not None and Decimal(session.temperature_c) >= FEVER_C


def _lasting_lump(session: LactationSession, previous: Iterable[LactationSession]) -> bool:
    if not session.lump:
        return False
    if session.lump_hours is not None and session.lump_hours >= LUMP_HOURS:
        return True
    oldest = session.started_at - LUMP_LOOKBACK
    latest = session.started_at - timedelta(hours=LUMP_HOURS)
    return any(
        p.lump
        and p.side == session.side
        and p.pk != session.pk
        and oldest <= p.started_at <= latest
        for p in previous
    )


def _worsening_fast(session: LactationSession, previous: Iterable[LactationSession]) -> bool:
    if session.redness != Redness.SPREADING:
        return False
    since = session.started_at - WORSENING_WINDOW
    return any(
        p.side == session.side
        and p.pk != session.pk
        and since <= p.started_at < session.started_at
        and session.pain - p.pain >= WORSENING_POINTS
        for p in previous
    )


def red_flags(
    session: LactationSession, previous_sessions: Iterable[LactationSession]
) -> list[RedFlag]:
    """Every red flag the session raises, urgent ones first.

    ``previous_sessions`` are her other sessions (any side, any order); only those before this
    one on the same side are used, so the caller may pass a whole history.
    """
    previous = list(previous_sessions)
    flags: list[RedFlag] = []
    fever = _fever(session)
    if fever and session.very_unwell:
        flags.append(
            RedFlag(
                "sepsis_signs",
                "urgent",
                _urgent_care(
                    _(
                        "A fever with feeling very unwell can be a sign of sepsis, a "
                        "serious infection."
                    )
                ),
            )
        )
    if _worsening_fast(session, previous):
        flags.append(
            RedFlag(
                "worsening_fast",
                "urgent",
                _urgent_care(
                    _(
                        "This breast is getting worse quickly: more pain within 12 hours "
                        "and redness that is spreading."
                    )
                ),
            )
        )
    if fever:
        flags.append(
            RedFlag(
                "fever",
                "same_day",
                _same_day(
                    _("Your temperature is %(temperature)s, which is %(fever)s or more.")
                    % {
                        # In the family's units (°F for an imperial family), like the form.
                        "temperature": format_temperature(session.temperature_c),
                        "fever": format_temperature(FEVER_C),
                    }
                ),
            )
        )
    if session.very_unwell:
        flags.append(
            RedFlag("very_unwell", "same_day", _same_day(_("You feel very unwell or flu-like.")))
        )
    if session.redness == Redness.SPREADING:
        flags.append(
            RedFlag("spreading_redness", "same_day", _same_day(_("The redness is spreading.")))
        )
    elif session.hot_area and session.pain >= VERY_PAINFUL:
        flags.append(
            RedFlag(
                "hot_painful_area", "same_day", _same_day(_("An area is hot and very painful."))
            )
        )
    if _lasting_lump(session, previous):
        flags.append(
            RedFlag(
                "lasting_lump",
                "same_day",
                _same_day(
                    _(
                        "The lump has been there 24 hours or more despite gentle care. "
                        "Do not press on it."
                    )
                ),
            )
        )
    if session.pus_or_blood:
        flags.append(
            RedFlag(
                "pus_or_blood",
                "same_day",
                _same_day(_("There is pus or blood from the nipple.")),
            )
        )
    return flags
