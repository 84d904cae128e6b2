"""Questionnaires as versioned data: the schema, the bundled files and the registry.

An instrument's wording is clinical content, so it lives in TOML under
``firsttouch/content/instruments`` and is validated at start-up (``WellbeingConfig.ready``),
like the massage routines: a broken file stops the app with the file and field named. A clinic
may add instruments (a bonding questionnaire, say) as FHIR Questionnaires with the
``firsttouch import_instrument`` command; those are stored in ``ImportedInstrument`` and the
registry serves both kinds through one ``get``. Answers store the instrument version they were
given against, so a new version never rewrites old results.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from firsttouch.core.content import ContentError, load_content

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
INSTRUMENTS_DIR = CONTENT_DIR / "instruments"

# Source ids listed in docs/sources.md; a bundled instrument may cite only these.
KNOWN_SOURCES = frozenset(
    {"epds-cox-1987", "levis-2020", "epds3a-smith-nielsen-2021", "piri", "aap-2019", "loinc"}
)
# The scale's authors allow reproduction only with this citation on every copy.
EPDS_AUTHORS = ("Cox", "Holden", "Sagovsky")

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
LinkId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,40}$")]
Line = Annotated[str, Field(min_length=1, max_length=300)]
Loinc = Annotated[str, Field(pattern=r"^\d{1,7}-\d$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """One answer, in display order, with the score it adds to the total."""

    text: Line
    score: Annotated[int, Field(ge=0, le=100)]


class Item(_Model):
    link_id: LinkId
    text: Annotated[str, Field(min_length=1, max_length=600)]
    required: bool = True
    safety: bool = Field(
        default=False,
        description="Any answer scoring above 0 calls for the safety response (EPDS item 10).",
    )
    options: Annotated[list[Option], Field(min_length=2, max_length=10)]

    @property
    def max_score(self) -> int:
        return max(o.score for o in self.options)


class Subscale(_Model):
    id: Slug
    title: Line
    items: Annotated[list[LinkId], Field(min_length=1)]
    source: str = ""
    loinc: Loinc | None = None


class Citation(_Model):
    authors: Line
    title: Line
    source: Line
    terms: Annotated[str, Field(max_length=600)] = ""

    def __str__(self) -> str:
        return f"{self.authors} {self.title}. {self.source}."


class LoincCodes(_Model):
    panel: Loinc
    total: Loinc | None = None


class Instrument(_Model):
    """A questionnaire: its items and answers, how it scores, and whom to credit."""

    id: Slug
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$")]
    title: Line
    short_title: Annotated[str, Field(max_length=40)] = ""
    language: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    period_days: int | None = Field(default=None, description="The recall period asked about.")
    intro: Annotated[str, Field(max_length=2000)] = ""
    intro_example_answer: Annotated[str, Field(max_length=300)] = Field(
        default="",
        description="A line of the intro's worked example shown as the chosen answer "
        "(underlined, as on the published form); empty when the intro has no example.",
    )
    citation: Citation | None = None
    sources: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]{0,59}$")]] = Field(
        default_factory=list
    )
    loinc: LoincCodes | None = None
    demo: bool = Field(default=False, description="Fictional wording, for trying the engine.")
    origin: Literal["bundled", "imported"] = "bundled"
    subscales: list[Subscale] = Field(default_factory=list)
    items: Annotated[list[Item], Field(min_length=1, max_length=200)]

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        link_ids = [i.link_id for i in self.items]
        dupes = sorted({x for x in link_ids if link_ids.count(x) > 1})
        if dupes:
            raise ValueError(f"item link_ids must be unique: {', '.join(dupes)}")
        for sub in self.subscales:
            unknown = [x for x in sub.items if x not in link_ids]
            if unknown:
                raise ValueError(f"subscale {sub.id!r} names unknown items: {', '.join(unknown)}")
        if self.intro_example_answer and self.intro_example_answer not in self.intro_lines_raw:
            raise ValueError("intro_example_answer must be one of the intro's lines")
        if self.id == "epds":
            cited = self.citation is not None and all(
                name in self.citation.authors for name in EPDS_AUTHORS
            )
            if not cited:
                raise ValueError("the EPDS must carry its citation (Cox, Holden, Sagovsky)")
        return self

    @property
    def name(self) -> str:
        return self.short_title or self.title

    @property
    def intro_lines_raw(self) -> list[str]:
        return [line.strip() for line in self.intro.splitlines() if line.strip()]

    @property
    def intro_lines(self) -> list[tuple[str, bool]]:
        """The intro line by line, each with whether it is the example's chosen answer: the
        published instructions are shown as they are, layout and all."""
        return [(line, line == self.intro_example_answer) for line in self.intro_lines_raw]

    @property
    def max_score(self) -> int:
        return sum(i.max_score for i in self.items)

    @cached_property
    def required_ids(self) -> tuple[str, ...]:
        return tuple(i.link_id for i in self.items if i.required)

    @cached_property
    def _by_link_id(self) -> dict[str, Item]:
        return {i.link_id: i for i in self.items}

    @cached_property
    def safety_ids(self) -> tuple[str, ...]:
        return tuple(i.link_id for i in self.items if i.safety)

    def item(self, link_id: str) -> Item | None:
        return self._by_link_id.get(link_id)

    def subscale(self, subscale_id: str) -> Subscale | None:
        return next((s for s in self.subscales if s.id == subscale_id), None)


def load_bundled(root: Path = INSTRUMENTS_DIR) -> tuple[Instrument, ...]:
    """Read and validate every ``*.toml`` under ``root``; raise ContentError on any fault."""
    found: list[Instrument] = []
    for path in sorted(root.glob("*.toml")):
        instrument = load_content(Instrument, path, CONTENT_DIR)
        if instrument.id != path.stem:
            raise ContentError(
                f"content/instruments/{path.name}: id: {instrument.id!r} should "
                f"match the file name {path.stem!r}"
            )
        unknown = sorted(set(instrument.sources) - KNOWN_SOURCES)
        if unknown:
            raise ContentError(
                f"content/instruments/{path.name}: sources: unknown source ids "
                f"{', '.join(unknown)} (see docs/sources.md)"
            )
        found.append(instrument)
    if not any(i.id == "epds" for i in found):
        raise ContentError("content/instruments/epds.toml: the EPDS is missing.")
    return tuple(found)


@cache
def bundled() -> tuple[Instrument, ...]:
    """The shipped instruments, loaded once per process (content changes need a restart)."""
    return load_bundled()


class Registry:
    """Bundled instruments first, then the ones a clinic imported (the newest version wins)."""

    def __init__(self, shipped: tuple[Instrument, ...]) -> None:
        self.shipped = shipped

    def get(self, instrument_id: str, version: str | None = None) -> Instrument | None:
        for instrument in self.shipped:
            if instrument.id == instrument_id and version in (None, instrument.version):
                return instrument
        from .models import ImportedInstrument

        rows = ImportedInstrument.objects.filter(instrument_id=instrument_id)
        if version is not None:
            rows = rows.filter(version=version)
        row = rows.order_by("-imported_at", "-pk").first()
        return row.instrument() if row is not None else None

    def all(self) -> list[Instrument]:
        """Every instrument once, at its newest version; the bundled ones first."""
        from .models import ImportedInstrument

        found = list(self.shipped)
        seen = {i.id for i in found}
        for row in ImportedInstrument.objects.order_by("-imported_at", "-pk"):
            if row.instrument_id not in seen:
                seen.add(row.instrument_id)
                found.append(row.instrument())
        return found

    def is_bundled(self, instrument_id: str) -> bool:
        return any(i.id == instrument_id for i in self.shipped)


def instruments() -> Registry:
    return Registry(bundled())


def epds() -> Instrument:
    found = instruments().get("epds")
    assert found is not None  # load_bundled refuses to start without it
    return found
