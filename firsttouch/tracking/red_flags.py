"""Baby red flags raised by a saved log entry: one mechanism for every surface.

A pale stool, blood, a fever in a young baby or a sign of serious illness must reach the
parent at once and stay in sight: the API answer that saved the entry, the page it was saved
from, the home and insights pages for 14 days, and the doctor's PDF. Every one of those asks
this module, so they never disagree. *When* a flag is raised is decided here (the rules are
plain functions, tested without HTTP); *what it says* is content
(``content/baby_red_flags.toml``, each flag with its published source).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field, model_validator

from firsttouch.babies.models import Baby
from firsttouch.core import prepared
from firsttouch.core.content import CONTENT_DIR, ContentError, load_content
from firsttouch.core.dates import add_months
from firsttouch.core.scoping import scoped
from firsttouch.core.warnings import SafetyWarning, most_urgent_first

from .models import ENTRY_MODELS, Entry, IllnessCheck, Nappy, StoolColour

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family

CONTENT_FILE = CONTENT_DIR / "baby_red_flags.toml"

# Source ids listed in docs/sources.md that a baby red flag may cite.
SourceId = Literal["chen-2006", "hsiao-2008", "nice-ng143", "rome-iv", "product"]
Code = Literal[
    "stool-pale",
    "stool-blood",
    "stool-black",
    "fever-under-3-months",
    "fever-3-months-or-older",
    "serious-illness-signs",
    "feeding-poorly",
]
Text = Annotated[str, Field(min_length=1, max_length=600)]

# NICE NG143: 38 °C or higher is the fever threshold in its age rules.
FEVER_C = Decimal("38.0")
# NICE NG143's red-group signs a parent can see, ticked on the illness form: emergency care at
# any age.
SERIOUS_SIGNS = frozenset(
    {"floppy", "hard_to_wake", "non_fading_rash", "breathing_difficulty", "abnormal_cry"}
)
# PRODUCT: no publication checked for this project gives the day black (meconium) stools end;
# the wording says "after the first few days" and babies under this age are not flagged.
BLACK_STOOL_FROM_DAYS = 5
# How long a red flag stays on the home and insights pages after the entry was logged.
RECENT_DAYS = 14


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Flag(_Model):
    code: Code
    label: Annotated[str, Field(min_length=1, max_length=80)]
    message: Text
    action: Text
    urgency: Literal["emergency", "urgent", "today", "advice"]
    source: SourceId


class RedFlags(_Model):
    flags: list[Flag]

    @model_validator(mode="after")
    def _each_code_once(self) -> RedFlags:
        codes = [f.code for f in self.flags]
        duplicated = sorted({c for c in codes if codes.count(c) > 1})
        if duplicated:
            raise ValueError(f"flags: {', '.join(duplicated)} appear more than once")
        missing = sorted(set(Code.__args__) - set(codes))  # type: ignore[attr-defined]
        if missing:
            raise ValueError(f"flags: add an entry for {', '.join(missing)}")
        return self

    def get(self, code: str) -> Flag:
        return next(f for f in self.flags if f.code == code)


class RedFlagsError(ImproperlyConfigured):
    """The red-flag file is missing or does not match the schema."""


def load_red_flags(path: Path = CONTENT_FILE) -> RedFlags:
    try:
        return load_content(RedFlags, path, path.parent)
    except ContentError as exc:
        raise RedFlagsError(str(exc)) from exc


@cache
def red_flags() -> RedFlags:
    """The shipped flags, loaded once per process (checked at start-up)."""
    return load_red_flags()


# --- Rules -------------------------------------------------------------------------------------


def label(code: str) -> str:
    """A flag's short name, for lists such as the doctor's PDF."""
    return red_flags().get(code).label


def under_three_months(birth_date: date, on: date) -> bool:
    """Whether a baby born on ``birth_date`` is under 3 months old on ``on``.

    Chronological age from the birth date, not corrected age: NICE NG143 states its age groups
    by age with no correction for prematurity, so this follows the guideline as written.
    PRODUCT: for a baby born early, corrected age would call more fevers urgent (a 4-month-old
    born at 30 weeks is under 2 months corrected); that more cautious reading is a choice for
    a clinical reviewer, not one this code makes silently.
    """
    return on < add_months(birth_date, 3)


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _warning(code: str, logged_at: datetime | None) -> SafetyWarning:
    flag = red_flags().get(code)
    return SafetyWarning(
        code=flag.code,
        message=flag.message,
        action=flag.action,
        urgency=flag.urgency,
        source=flag.source,
        logged_at=logged_at,
    )


def nappy_flags(nappy: Nappy) -> list[str]:
    """Codes a nappy raises: its stool colour (the colour card's warning colours, blood)."""
    if not nappy.dirty:
        return []
    if nappy.colour == StoolColour.PALE:
        return ["stool-pale"]
    if nappy.colour == StoolColour.RED:
        return ["stool-blood"]
    if nappy.colour == StoolColour.BLACK:
        age_days = (_local_day(nappy.time) - nappy.baby.birth_date).days
        return ["stool-black"] if age_days >= BLACK_STOOL_FROM_DAYS else []
    return []


def illness_flags(check: IllnessCheck) -> list[str]:
    """Codes a temperature and signs of illness raise, after NICE NG143."""
    codes: list[str] = []
    signs = set(check.signs or [])
    if signs & SERIOUS_SIGNS:
        codes.append("serious-illness-signs")
    if check.temperature_c is not None and Decimal(check.temperature_c) >= FEVER_C:
        if under_three_months(check.baby.birth_date, _local_day(check.time)):
            codes.append("fever-under-3-months")
        else:
            codes.append("fever-3-months-or-older")
    if "feeding_poorly" in signs:
        codes.append("feeding-poorly")
    return codes


def warnings_for(entry: Entry) -> list[SafetyWarning]:
    """The red flags a saved entry raises, most urgent first; [] for every other entry."""
    if isinstance(entry, Nappy):
        codes, logged_at = nappy_flags(entry), entry.time
    elif isinstance(entry, IllnessCheck):
        codes, logged_at = illness_flags(entry), entry.time
    else:
        return []
    return most_urgent_first([_warning(code, logged_at) for code in codes])


# --- Recent flags, for the pages ---------------------------------------------------------------


FLAG_COLOURS = (StoolColour.PALE, StoolColour.RED, StoolColour.BLACK)


def _flagging_nappies(values: dict[str, Any]) -> QuerySet[Nappy]:
    return Nappy.objects.filter(
        baby=values["baby"], time__gte=values["since"], dirty=True, colour__in=FLAG_COLOURS
    )


def _illness_checks(values: dict[str, Any]) -> QuerySet[IllnessCheck]:
    return IllnessCheck.objects.filter(baby=values["baby"], time__gte=values["since"])


def _flagged_entries(babies: Iterable[Baby], since: datetime) -> list[Entry]:
    """Only the rows that can raise a flag: stool colours and illness checks, per baby.

    The home page asks on every visit, so the two queries take the fast path (compiled once,
    core/prepared.py); each row is handed its baby, whose birth date the fever rule reads.
    """
    found: list[Entry] = []
    for baby in babies:
        for name, build in (
            ("red-flags:nappies", _flagging_nappies),
            ("red-flags:illness", _illness_checks),
        ):
            for entry in prepared.objects(name, build, baby=baby.pk, since=since):
                entry.baby = baby
                found.append(entry)
    return found


def recent_warnings(
    baby_or_family: Baby | Family, now: datetime, days: int = RECENT_DAYS
) -> list[SafetyWarning]:
    """The red flags logged for a baby (or every baby of a family) in the last ``days``.

    Most urgent first, each with the time its entry was logged, so a flag saved a week ago
    stays in sight on the home and insights pages and in the doctor's report.
    """
    if isinstance(baby_or_family, Baby):
        babies: list[Baby] = [baby_or_family]
    else:
        babies = list(scoped(Baby, baby_or_family))
    since = now - timedelta(days=days)
    found: list[SafetyWarning] = []
    for entry in _flagged_entries(babies, since):
        if entry.time <= now:  # type: ignore[attr-defined]
            found.extend(warnings_for(entry))
    return most_urgent_first(found)


# --- Just raised: shown at once on the page a save redirects to ---------------------------------

JUST_RAISED_KEY = "tracking_red_flags"


def remember_raised(session: MutableMapping[str, Any], entry: Entry) -> None:
    """Keep which entry just raised flags, so the next page shows them in an alert box.

    Only the entry's kind and id are kept: the words are read again from the entry, so a
    session cannot make the page say anything the content does not.
    """
    session[JUST_RAISED_KEY] = {"kind": entry.KIND, "pk": entry.pk}


def pop_raised(session: MutableMapping[str, Any], family: Family) -> list[SafetyWarning]:
    """The flags of the entry just saved (once), read through the family's scope."""
    pending = session.pop(JUST_RAISED_KEY, None)
    if not isinstance(pending, dict):
        return []
    model = ENTRY_MODELS.get(str(pending.get("kind")))
    if model is None:
        return []
    entry = scoped(model, family).filter(pk=pending.get("pk")).select_related("baby").first()
    return warnings_for(entry) if entry is not None else []
