"""The safety response to EPDS item 10 (thoughts of harming oneself), and where help is.

Cox et al. 1987 (epds-cox-1987): any answer to item 10 other than the one scored 0 calls for
it, whatever the total, at once and before any score; if she shares with a clinic, an urgent
alert is recorded for it.
This module must not be the thing that fails: the crisis lines come from a validated file
(replaceable per deployment with ``FIRSTTOUCH_CRISIS_RESOURCES``) and, should that ever break
at run time, from a built-in fallback that still tells her to call her emergency number.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext, gettext_lazy
from pydantic import BaseModel, ConfigDict, Field, model_validator

from firsttouch.core.content import ContentError, load_content

from . import scoring

if TYPE_CHECKING:
    from firsttouch.accounts.models import User

log = logging.getLogger(__name__)

BUNDLED_FILE = Path(__file__).resolve().parent.parent / "content" / "crisis_resources.toml"
ENV_FILE = "FIRSTTOUCH_CRISIS_RESOURCES"
ENV_DEFAULT_COUNTRY = "FIRSTTOUCH_DEFAULT_COUNTRY"

# "published": the shipped defaults, each the service's own published number; "deployment":
# a number a deployment verified itself and put in its own file.
SourceId = Literal["published", "deployment"]
Text = Annotated[str, Field(min_length=1, max_length=400)]
PhoneNumber = Annotated[str, Field(pattern=r"^\+?[0-9][0-9 -]{1,20}$")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]

# Shown on every page and in the API (in the request's language: a safety message shared by
# both through ``safety_response``).
MESSAGE = gettext_lazy(
    "Thank you for answering honestly. You said you have had thoughts of harming "
    "yourself. You are not alone, and help is available right now, at any hour."
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Line(_Model):
    """A phone line: call and/or text, with links a phone opens in one tap."""

    name: Text
    number: PhoneNumber
    call: bool = True
    text: bool = False
    hours: Annotated[str, Field(max_length=60)] = ""
    note: Annotated[str, Field(max_length=400)] = ""
    source: SourceId

    @model_validator(mode="after")
    def _reachable(self) -> Line:
        if not (self.call or self.text):
            raise ValueError("a line must take calls, texts or both")
        return self

    @property
    def dial(self) -> str:
        return re.sub(r"[^0-9+]", "", self.number)

    @property
    def tel_href(self) -> str:
        return f"tel:{self.dial}"

    @property
    def sms_href(self) -> str:
        return f"sms:{self.dial}"


class CrisisResources(_Model):
    """Where to get help in one country (or anywhere else, for the default)."""

    code: CountryCode | None = None
    name: Text
    emergency: PhoneNumber | None = None
    emergency_advice: Annotated[str, Field(max_length=400)] = ""
    crisis: list[Line] = Field(default_factory=list)
    support: list[Line] = Field(default_factory=list)
    source: SourceId

    @property
    def emergency_href(self) -> str:
        return f"tel:{re.sub(r'[^0-9+]', '', self.emergency)}" if self.emergency else ""

    @property
    def emergency_text(self) -> str:
        if self.emergency_advice:
            return self.emergency_advice
        if self.emergency:
            return gettext(
                "If you might act on these thoughts, or you are in danger now, call "
                "%(number)s or go to the nearest emergency department."
            ) % {"number": self.emergency}
        return gettext(
            "If you might act on these thoughts, or you are in danger now, call your local "
            "emergency number or go to the nearest emergency department."
        )


class CrisisFile(_Model):
    default: CrisisResources
    countries: list[CrisisResources] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> CrisisFile:
        codes = [c.code for c in self.countries]
        if None in codes:
            raise ValueError('every entry under [[countries]] needs a code, e.g. "GB"')
        dupes = sorted({c for c in codes if c is not None and codes.count(c) > 1})
        if dupes:
            raise ValueError(f"country codes must be unique: {', '.join(dupes)}")
        for country in self.countries:
            if not country.emergency:
                raise ValueError(f"{country.code}: the emergency number is required")
            support = {line.dial for line in country.support}
            if any(line.dial in support for line in country.crisis):
                raise ValueError(
                    f"{country.code}: a number is listed both as crisis and "
                    f"support; support lines never stand in for crisis lines"
                )
        return self

    def for_country(self, code: str | None) -> CrisisResources:
        wanted = (code or "").upper()
        for country in self.countries:
            if country.code == wanted:
                return country
        return self.default


# The last resort if even the bundled file cannot be read while a mother is waiting.
FALLBACK = CrisisFile(default=CrisisResources(name="Anywhere", source="published"))


def configured_path() -> Path:
    return Path(os.environ.get(ENV_FILE) or BUNDLED_FILE)


def load_crisis_file(path: Path | None = None) -> CrisisFile:
    """Read and validate a crisis file; ImproperlyConfigured names the file and the field."""
    path = path or configured_path()
    try:
        return load_content(CrisisFile, path, BUNDLED_FILE.parent)
    except ContentError as exc:
        raise ImproperlyConfigured(f"Crisis resources ({ENV_FILE}): {exc}") from exc


@cache
def crisis_file() -> CrisisFile:
    """The deployment's crisis file, loaded once (checked at start-up: ``WellbeingConfig``)."""
    return load_crisis_file()


def crisis_resources(country: str | None) -> CrisisResources:
    """Help for ``country`` (ISO code); the international default when unknown. Never raises."""
    try:
        return crisis_file().for_country(country)
    except Exception:
        log.exception("Crisis resources could not be loaded; showing the built-in fallback")
        return FALLBACK.for_country(None)


def countries() -> list[tuple[str, str]]:
    """(code, name) of every country with its own crisis lines, for the settings form."""
    try:
        return [(c.code or "", c.name) for c in crisis_file().countries]
    except Exception:
        return []


# --- Which country ---------------------------------------------------------------------------

_FALLBACK_ZONES = {
    "Europe/London": "GB",
    "America/New_York": "US",
    "America/Chicago": "US",
    "America/Denver": "US",
    "America/Los_Angeles": "US",
    "America/Phoenix": "US",
    "America/Anchorage": "US",
    "Pacific/Honolulu": "US",
}


@cache
def _zone_countries() -> dict[str, str]:
    """Time zone -> ISO country from the tz database's zone.tab (precise: America/Toronto is
    Canada, not the US), with a short built-in list when zone.tab is missing."""
    candidates: list[Path] = []
    try:
        import tzdata  # type: ignore[import-not-found,unused-ignore]

        candidates.append(Path(tzdata.__file__).parent / "zoneinfo" / "zone.tab")
    except ImportError:
        pass
    candidates.append(Path("/usr/share/zoneinfo/zone.tab"))
    for path in candidates:
        try:
            rows = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        zones = {}
        for row in rows:
            if row and not row.startswith("#"):
                parts = row.split("\t")
                if len(parts) >= 3:
                    zones[parts[2]] = parts[0]
        if zones:
            return zones
    return dict(_FALLBACK_ZONES)


def country_from_time_zone(time_zone: str) -> str:
    """Best guess of the country from a time zone; "" when it cannot tell."""
    if time_zone.startswith("US/"):
        return "US"
    if time_zone in {"GB", "GB-Eire"}:
        return "GB"
    return _zone_countries().get(time_zone, "")


def country_for(user: User) -> str:
    """Her chosen country, else her family's time zone, else the deployment's default."""
    from .models import CaregiverSettings

    chosen = CaregiverSettings.objects.filter(user=user).values_list("country", flat=True).first()
    if chosen:
        return chosen
    membership = getattr(user, "membership", None)
    if membership is not None:
        guessed = country_from_time_zone(membership.family.time_zone)
        if guessed and guessed in {code for code, _ in countries()}:
            return guessed
    return os.environ.get(ENV_DEFAULT_COUNTRY, "").strip().upper()


# --- The response itself ---------------------------------------------------------------------


@dataclass(frozen=True)
class SafetyResponse:
    """What the page and the API show first when item 10 was not answered "never"."""

    message: str
    resources: CrisisResources
    item_score: int
    crisis: list[Line] = field(default_factory=list)
    support: list[Line] = field(default_factory=list)

    @property
    def emergency(self) -> str | None:
        return self.resources.emergency

    def as_dict(self) -> dict[str, Any]:
        """The API body's ``safety`` object: enough for any client to show the same help."""

        def line(x: Line) -> dict[str, Any]:
            return {
                "name": x.name,
                "number": x.number,
                "call": x.call,
                "text": x.text,
                "tel": x.tel_href if x.call else None,
                "sms": x.sms_href if x.text else None,
                "hours": x.hours,
                "note": x.note,
                "source": x.source,
            }

        return {
            "message": self.message,
            "country": self.resources.code or "",
            "emergency_number": self.resources.emergency,
            "emergency_tel": self.resources.emergency_href or None,
            "emergency_advice": self.resources.emergency_text,
            "crisis_lines": [line(x) for x in self.crisis],
            "support_lines": [line(x) for x in self.support],
        }


def safety_response(item_score: int, country: str | None) -> SafetyResponse | None:
    """The response for a safety item scored ``item_score``; None only for a score of 0."""
    if not item_score:
        return None
    resources = crisis_resources(country)
    return SafetyResponse(
        message=str(MESSAGE),
        resources=resources,
        item_score=item_score,
        crisis=list(resources.crisis),
        support=list(resources.support),
    )


def help_for(user: User) -> CrisisResources:
    """Where to get help, for the footer every score page carries."""
    try:
        return crisis_resources(country_for(user))
    except Exception:
        log.exception("Could not work out the country; showing the international help")
        return crisis_resources(None)


def stored_safety_items(flags: dict[str, Any] | None) -> dict[str, int]:
    """The safety decision saved with a response (by ``scoring.safety_items``, when the answers
    were saved or scored), for when its instrument can no longer be read."""
    flags = flags or {}
    saved = flags.get("safety_items")
    if isinstance(saved, dict):
        return {str(k): int(v) for k, v in saved.items() if int(v) > 0}
    if flags.get("safety"):  # completed before the items were stored: the score's own verdict
        return {"": max(int(flags.get("item10_score") or 0), 1)}
    return {}


def safety_items(response: Any) -> dict[str, int]:
    """Which items of ``response`` (draft or complete) call for the safety response, and their
    scores: the scoring module decides; this only finds the instrument and the answers."""
    try:
        instrument = response.instrument()
        if instrument is None:
            raise LookupError(f"{response.instrument_id} {response.instrument_version} is gone")
        return scoring.safety_items(instrument, response.chosen())
    except Exception:
        log.exception(
            "Could not read the instrument of response %s; using the safety decision saved with it",
            response.pk,
        )
        return stored_safety_items(response.flags)


def safety_item_score(response: Any) -> int:
    """The highest score among the safety items that call for the response; 0 for none."""
    return max(safety_items(response).values(), default=0)


def safety_for(response: Any) -> SafetyResponse | None:
    """The safety response for a response, or None when no safety item scored above 0."""
    item_score = safety_item_score(response)
    if not item_score:
        return None
    try:
        country = country_for(response.respondent)
    except Exception:
        log.exception("Could not work out the country for response %s", response.pk)
        country = ""
    return safety_response(item_score, country)


def raise_urgent_alert(response: Any) -> list[Any]:
    """Announce an urgent safety response so each clinic she shares with records its alert.

    Returns what the receivers recorded (the programs app's alerts). Raises whatever a
    receiver raised: the caller keeps the failure visible (``services._alert`` logs it, marks
    the response for the worker's retry and the admins' banner), never swallowed here. The
    mother's crisis help does not come through here at all, so it cannot be held up by it.
    """
    from .models import SafetyEvent, SafetyEventKind
    from .signals import urgent_safety_response

    # Once raised, the alert stands even if she has since changed item 10 to "Never": the
    # worker's retry of an unrecorded alert must still send it.
    raised = SafetyEvent.objects.filter(
        response_id=response.pk, kind=SafetyEventKind.RAISED
    ).exists()
    if not raised and not safety_item_score(response):
        return []
    replies = urgent_safety_response.send(sender=type(response), response=response)
    return [recorded for _, value in replies for recorded in (value or [])]
