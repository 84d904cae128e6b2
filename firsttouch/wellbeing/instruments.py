"""Questionnaires as versioned data: the schema, the bundled files and the registry.

An instrument's wording is clinical content, so it lives in TOML under
``firsttouch/content/instruments`` and is validated at start-up (``WellbeingConfig.ready``),
like the massage routines: a broken file stops the app with the file and field named. A clinic
may add instruments (a bonding questionnaire, say) as FHIR Questionnaires with the
``firsttouch import_instrument`` command; those are stored in ``ImportedInstrument`` and the
registry serves both kinds through one ``get``. Answers store the instrument version they were
given against, so a new version never rewrites old results.

Languages (docs/decisions/0023-epds-languages.md): every file carries a ``language`` key. A
validated translation of a bundled instrument is a file of its own, ``<id>.<language>.toml``
(``epds.es.toml``), with the citation of its validation study and exactly the scoring of the
original (checked at load: same items, answers' scores, reverse-scored items and safety items),
so the total, the thresholds and the crisis response never depend on the language. We never
translate an instrument's wording ourselves: without a bundled translation it stays in English.
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


class ValidationStudy(_Model):
    """The published study that validated a translation: whom to credit, and where it is."""

    authors: Line
    title: Line
    journal: Line
    year: Annotated[int, Field(ge=1987, le=2100)]
    permission: Annotated[str, Field(max_length=600)] = Field(
        default="",
        description="Who allowed the translation to be reproduced here, and on what terms.",
    )

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. {self.journal}."


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
    validation: ValidationStudy | None = Field(
        default=None,
        description="A translation's validation study; required for every translated file.",
    )
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


def base_language(code: str | None) -> str:
    """The two-letter language of a language code: "es" for "es-ES", "en" for "en-gb"."""
    return (code or "en").split("-")[0].split("_")[0].lower()


def _is_translation(path: Path) -> bool:
    return "." in path.stem  # epds.es.toml; demo-bonding.fhir.json is not a .toml


def scoring_differences(original: Instrument, translation: Instrument) -> list[str]:
    """Where ``translation`` would score differently from ``original``; empty when identical.

    Compared: the id and version, the items in order with their link ids, whether each is
    required or a safety item (EPDS item 10), the number of answers and each answer's score in
    display order (so the reverse-scored items stay reversed), and the subscales.
    """
    problems: list[str] = []
    if (translation.id, translation.version) != (original.id, original.version):
        problems.append(
            f"id and version must be {original.id!r} {original.version!r}, "
            f"not {translation.id!r} {translation.version!r}"
        )
    if len(translation.items) != len(original.items):
        problems.append(f"{len(translation.items)} items instead of {len(original.items)}")
    for mine, theirs in zip(original.items, translation.items, strict=False):
        where = f"item {mine.link_id}"
        if theirs.link_id != mine.link_id:
            problems.append(f"{where}: link_id {theirs.link_id!r} instead of {mine.link_id!r}")
        if theirs.safety != mine.safety:
            problems.append(f"{where}: safety must be {str(mine.safety).lower()}")
        if theirs.required != mine.required:
            problems.append(f"{where}: required must be {str(mine.required).lower()}")
        scores = [o.score for o in mine.options]
        given = [o.score for o in theirs.options]
        if given != scores:
            problems.append(f"{where}: answers score {given} instead of {scores}")
    mine_subs = [(s.id, s.items) for s in original.subscales]
    their_subs = [(s.id, s.items) for s in translation.subscales]
    if their_subs != mine_subs:
        problems.append("subscales must have the same ids and items as the original")
    return problems


def load_translation(path: Path, original: Instrument, root: Path = CONTENT_DIR) -> Instrument:
    """Read ``<id>.<language>.toml`` and check it against its original; ContentError if not."""
    name = path.name
    instrument = load_content(Instrument, path, root)
    stem_id, _, language = path.stem.partition(".")
    if instrument.id != stem_id or instrument.language != language:
        raise ContentError(
            f"content/instruments/{name}: id and language must match the file name "
            f"({stem_id!r}, {language!r})"
        )
    if base_language(language) == base_language(original.language):
        raise ContentError(
            f"content/instruments/{name}: language: {language!r} is the original's language"
        )
    if instrument.validation is None:
        raise ContentError(
            f"content/instruments/{name}: validation: a translation must cite its "
            "validation study (authors, title, journal, year)"
        )
    if instrument.citation is None or instrument.citation != original.citation:
        raise ContentError(
            f"content/instruments/{name}: citation: must quote the original's citation unchanged"
        )
    problems = scoring_differences(original, instrument)
    if problems:
        raise ContentError(
            f"content/instruments/{name}: scores differently from {original.id}: "
            + "; ".join(problems)
        )
    return instrument


def load_translations(
    originals: tuple[Instrument, ...], root: Path = INSTRUMENTS_DIR
) -> dict[tuple[str, str], Instrument]:
    """Every ``<id>.<language>.toml`` under ``root``, checked, by (id, language)."""
    by_id = {i.id: i for i in originals}
    found: dict[tuple[str, str], Instrument] = {}
    for path in sorted(root.glob("*.*.toml")):
        stem_id = path.stem.partition(".")[0]
        original = by_id.get(stem_id)
        if original is None:
            raise ContentError(
                f"content/instruments/{path.name}: translates {stem_id!r}, which is not bundled"
            )
        translation = load_translation(path, original, CONTENT_DIR)
        found[(translation.id, base_language(translation.language))] = translation
    return found


def load_bundled(root: Path = INSTRUMENTS_DIR) -> tuple[Instrument, ...]:
    """Read and validate every ``*.toml`` under ``root`` (originals only: translations are
    ``load_translations``'s); raise ContentError on any fault."""
    found: list[Instrument] = []
    for path in sorted(root.glob("*.toml")):
        if _is_translation(path):
            continue
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


@cache
def bundled_translations() -> dict[tuple[str, str], Instrument]:
    """The validated translations shipped beside them, checked once per process."""
    return load_translations(bundled())


class Registry:
    """Bundled instruments first, then the ones a clinic imported (the newest version wins)."""

    def __init__(
        self,
        shipped: tuple[Instrument, ...],
        translations: dict[tuple[str, str], Instrument] | None = None,
    ) -> None:
        self.shipped = shipped
        self.translations = translations or {}

    def translation(self, instrument_id: str, language: str | None) -> Instrument | None:
        """The bundled validated translation of ``instrument_id`` into ``language``, if any."""
        return self.translations.get((instrument_id, base_language(language)))

    def get(
        self, instrument_id: str, version: str | None = None, language: str | None = None
    ) -> Instrument | None:
        """The instrument; with ``language``, its validated translation into that language
        when one is bundled (same scoring), else the original."""
        for instrument in self.shipped:
            if instrument.id == instrument_id and version in (None, instrument.version):
                if language is not None:
                    translated = self.translation(instrument_id, language)
                    if translated is not None and translated.version == instrument.version:
                        return translated
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
    return Registry(bundled(), bundled_translations())


def epds(language: str | None = None) -> Instrument:
    """The EPDS; in ``language`` only when a validated translation of it is bundled."""
    found = instruments().get("epds", language=language)
    assert found is not None  # load_bundled refuses to start without it
    return found
