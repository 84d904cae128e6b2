"""The routine library as data: TOML files under firsttouch/content, validated by pydantic.

Clinical content changes more often than code and must be reviewable by people who do not read
Python, so routines, safety questions and cues live in TOML. Every file is validated at start-up
(``MassageConfig.ready``): a broken file stops the app with a message naming the file and the
field, instead of failing in front of a caregiver later. Every model here also serves as a JSON
schema for the API (``Routine.model_json_schema()``).
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy
from pydantic import BaseModel, ConfigDict, Field, model_validator

from firsttouch.core.content import CONTENT_DIR, ContentError, display_path, load_content

__all__ = ["CONTENT_DIR", "ContentError", "library"]

Region = Literal[
    "legs", "feet", "tummy", "chest", "arms", "hands", "face", "back", "head", "whole_body"
]
Goal = Literal["sleep", "gas", "constipation", "colic", "teething", "bonding", "preterm"]
SourceId = Literal[
    "mcclure",
    "cochrane-2013",
    "field-tks",
    "field-pressure",
    "nice-ng143",
    "ihdi-pavlik",
    "moon-2022",
    "icon",
    "cooke-2016",
    "danby-2013",
    "summers-2019",
    "product",
]
# Never "deep": moderate pressure at most (field-pressure, mcclure).
Pressure = Literal["light", "moderate"]
# What a step does to the hips. A baby in a Pavlik harness or treated for hip dysplasia must not
# have the legs pushed together, straightened or pulled (ihdi-pavlik): every legs step says
# which of these it is, so the hips question can leave them all out.
HipMovement = Literal["leg-strokes", "knees-to-tummy", "bicycling"]
# How the baby lies for a step. Any routine with a tummy-down step ends on the back, because a
# baby settled at the end of a massage may fall asleep, and sleep is on the back (moon-2022).
Position = Literal["back", "tummy", "upright"]
TUMMY_WORDS = ("on their tummy", "on the tummy", "prone")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, Field(min_length=1, max_length=600)]

# The labels are English msgids (marked with gettext_noop for makemessages); region_label() and
# goal_label() translate them where they are shown. Body parts carry the context "body part":
# "Back" and "Arms" mean other things in other apps, and Django merges every app's catalogue.
REGION_LABELS: dict[str, Promise] = {
    "legs": pgettext_lazy("body part", "Legs"),
    "feet": pgettext_lazy("body part", "Feet"),
    "tummy": pgettext_lazy("body part", "Tummy"),
    "chest": pgettext_lazy("body part", "Chest"),
    "arms": pgettext_lazy("body part", "Arms"),
    "hands": pgettext_lazy("body part", "Hands"),
    "face": pgettext_lazy("body part", "Face"),
    "back": pgettext_lazy("body part", "Back"),
    "head": pgettext_lazy("body part", "Head"),
    "whole_body": pgettext_lazy("body part", "Whole body"),
}
GOAL_LABELS: dict[str, str] = {
    "sleep": gettext_noop("Help with sleep"),
    "gas": gettext_noop("Help with gas"),
    "constipation": gettext_noop("Help with constipation"),
    "colic": gettext_noop("Help with crying spells"),
    "teething": gettext_noop("Help with teething"),
    "bonding": gettext_noop("Time together"),
    "preterm": gettext_noop("Born early"),
}
PRESSURE_LABELS: dict[str, str] = {
    "light": gettext_noop("light"),
    "moderate": gettext_noop("moderate"),
}


def region_label(region: str) -> str:
    """A body region's name in the active language (the region id itself if unknown)."""
    return str(REGION_LABELS[region]) if region in REGION_LABELS else region


def goal_label(goal: str) -> str:
    return gettext(GOAL_LABELS[goal])


def pressure_label(pressure: str) -> str:
    return gettext(PRESSURE_LABELS[pressure]) if pressure in PRESSURE_LABELS else pressure


SOURCE_TITLES: dict[str, str] = {
    "mcclure": "V. S. McClure, Infant Massage: A Handbook for Loving Parents (IAIM)",
    "cochrane-2013": "Bennett, Underdown, Barlow: Cochrane review of massage for infants "
    "under six months (2013)",
    "field-tks": "Field et al.: tactile/kinesthetic stimulation of preterm infants (1986 on)",
    "field-pressure": "Field, Diego, Hernandez-Reif: moderate versus light pressure (2006-2010)",
    "nice-ng143": "NICE guideline NG143: Fever in under 5s (2019)",
    "ihdi-pavlik": "International Hip Dysplasia Institute: Pavlik harness tips for parents",
    "moon-2022": "Moon et al., AAP policy statement on safe infant sleep, Pediatrics (2022)",
    "icon": "ICON: Babies cry, you can cope (Infant crying is normal, Comforting methods "
    "can help, it's OK to walk away, Never ever shake a baby)",
    "cooke-2016": "Cooke et al., olive and sunflower oil on newborn skin, "
    "Acta Dermato-Venereologica (2016)",
    "danby-2013": "Danby et al., olive and sunflower oil on the skin barrier, "
    "Pediatric Dermatology (2013)",
    "summers-2019": "Summers et al., sunflower seed oil versus mustard oil for newborn massage, "
    "BMC Pediatrics (2019)",
    "product": "firsttouch's own product guidance (no published standard exists)",
}
# The stroke pictures, drawn for the project (scripts/draw_stroke_pictures.py).
STROKES_DIR = Path(__file__).resolve().parent / "static" / "massage" / "strokes"
# Routine slugs share the /massage/<slug>/ URL space with these pages.
RESERVED_SLUGS = frozenset({"sessions", "session", "log", "device"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Model):
    """One stroke on one region: how many passes, for how long, and at what pace."""

    region: Region
    stroke: Annotated[str, Field(min_length=1, max_length=80)]
    how: Text
    repetitions: Annotated[int, Field(ge=1, le=30)]
    seconds: Annotated[int, Field(ge=10, le=600)]
    pace_per_minute: Annotated[
        int, Field(ge=2, le=40, description="Strokes a minute; drives the pulse.")
    ]
    pressure: Pressure = "moderate"
    avoid: Annotated[str, Field(max_length=300)] = ""
    phase: Slug | None = Field(default=None, description="Phase id, for phased protocols.")
    hips: HipMovement | None = Field(
        default=None, description="What the step does to the hips; required for legs steps."
    )
    position: Position = Field(default="back", description="How the baby lies for this step.")
    picture: Slug = Field(
        description="Name of the stroke picture (content/pictures.toml); steps may share one."
    )

    @model_validator(mode="after")
    def _hips_and_position_declared(self) -> Step:
        if self.region == "legs" and self.hips is None:
            raise ValueError(
                "a legs step must say what it does to the hips "
                '(hips = "leg-strokes", "knees-to-tummy" or "bicycling")'
            )
        if self.region != "legs" and self.hips is not None:
            raise ValueError("only a legs step moves the hips; put it in region legs")
        if self.position != "tummy" and any(w in self.how.lower() for w in TUMMY_WORDS):
            raise ValueError('the step lays the baby on the tummy: set position = "tummy"')
        return self

    @model_validator(mode="after")
    def _strokes_fit_in_time(self) -> Step:
        needed = self.repetitions * 60 / self.pace_per_minute
        if needed > self.seconds:
            raise ValueError(
                f"{self.repetitions} strokes at {self.pace_per_minute} a minute "
                f"need {math.ceil(needed)} s but the step lasts {self.seconds} s"
            )
        return self

    @property
    def region_label(self) -> str:
        return region_label(self.region)

    @property
    def pressure_label(self) -> str:
        return pressure_label(self.pressure)


class Phase(_Model):
    """A block of a phased protocol (Field's tactile / kinesthetic / tactile)."""

    id: Slug
    title: Annotated[str, Field(min_length=1, max_length=80)]
    kind: Literal["tactile", "kinesthetic", "settle"]
    minutes: Annotated[int, Field(ge=1, le=30)]


class Routine(_Model):
    slug: Slug
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$")]
    title: Annotated[str, Field(min_length=1, max_length=80)]
    order: int = Field(default=100, description="Place in the library, lowest first.")
    summary: Text
    may_help: Annotated[
        str,
        Field(
            pattern=r"^May help",
            max_length=300,
            description='The claim, always worded "May help ...".',
        ),
    ]
    purposes: Annotated[list[Goal], Field(min_length=1)]
    min_age_weeks: Annotated[int, Field(ge=-20, le=208, description="Corrected age.")]
    max_age_weeks: Annotated[int, Field(ge=-20, le=208, description="Corrected age.")]
    duration_minutes: int | None = Field(default=None, description="Computed from the steps.")
    sources: Annotated[list[SourceId], Field(min_length=1)]
    needs_team_approval: bool = Field(
        default=False,
        description="Hospital use as the NICU team teaches, or at home with its approval.",
    )
    phases: list[Phase] = Field(default_factory=list)
    steps: Annotated[list[Step], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Routine:
        if self.slug in RESERVED_SLUGS:
            raise ValueError(f"slug {self.slug!r} is reserved for a page")
        if self.min_age_weeks > self.max_age_weeks:
            raise ValueError("min_age_weeks is greater than max_age_weeks")
        if "preterm" in self.purposes and not self.needs_team_approval:
            raise ValueError("a preterm routine needs needs_team_approval = true")
        computed = math.ceil(sum(s.seconds for s in self.steps) / 60)
        if self.duration_minutes is None:
            object.__setattr__(self, "duration_minutes", computed)
        elif self.duration_minutes != computed:
            raise ValueError(
                f"duration_minutes is {self.duration_minutes} but the steps add "
                f"up to {computed} minutes"
            )
        self._check_phases()
        if any(s.position == "tummy" for s in self.steps) and self.steps[-1].position != "back":
            raise ValueError(
                "a routine with a tummy-down step must end with the baby on the back "
                '(last step position = "back"): sleep is on the back (moon-2022)'
            )
        return self

    def _check_phases(self) -> None:
        phase_ids = [p.id for p in self.phases]
        for step in self.steps:
            if (step.phase is None) != (not self.phases):
                raise ValueError("steps name a phase exactly when the routine lists phases")
            if step.phase is not None and step.phase not in phase_ids:
                raise ValueError(f"step phase {step.phase!r} is not one of {phase_ids}")
        for phase in self.phases:
            seconds = sum(s.seconds for s in self.steps if s.phase == phase.id)
            if seconds != phase.minutes * 60:
                raise ValueError(
                    f"phase {phase.id!r} lasts {phase.minutes} minutes but its "
                    f"steps add up to {seconds} s"
                )

    @property
    def hip_steps(self) -> list[Step]:
        """The steps the hips question leaves out (leg strokes, knees-to-tummy, bicycling)."""
        return [s for s in self.steps if s.hips is not None]

    @property
    def regions(self) -> list[str]:
        """Body regions in the order the routine first touches them."""
        return list(dict.fromkeys(s.region for s in self.steps))

    @property
    def goal_labels(self) -> list[str]:
        return [goal_label(g) for g in self.purposes]

    @property
    def source_titles(self) -> list[str]:
        return [SOURCE_TITLES[s] for s in self.sources]

    def phase(self, phase_id: str | None) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def age_range(self) -> str:
        return gettext("%(from)s to %(to)s") % {
            "from": describe_weeks(self.min_age_weeks),
            "to": describe_weeks(self.max_age_weeks),
        }


class Picture(_Model):
    """A drawing of a stroke, and the words that say what it shows for people who cannot see it.

    The file is ``massage/static/massage/strokes/<name>.svg``; several steps may share one
    (every "clockwise circles on the tummy" is the same picture).
    """

    name: Slug
    alt: Text


class PicturesFile(_Model):
    pictures: Annotated[list[Picture], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> PicturesFile:
        names = [p.name for p in self.pictures]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"picture names must be unique: {', '.join(dupes)}")
        return self


class SourcedText(_Model):
    """A sentence of guidance and the published source it comes from."""

    text: Text
    source: SourceId


class Oil(_Model):
    """An oil a parent may name in the session log, and what to know about it."""

    name: Annotated[str, Field(min_length=1, max_length=80)]
    # Lower-case words that identify this oil in what a caregiver typed ("almond", "mustard").
    words: Annotated[list[Annotated[str, Field(pattern=r"^[a-z ]+$")]], Field(min_length=1)]
    advice: Text
    source: SourceId
    # Offered in the log's suggestion list; oils we advise against are not suggested, but their
    # advice still shows.
    suggest: bool = True


class SafetyQuestion(_Model):
    """A question asked before every session, and what its worrying answer means.

    ``refuse``: no massage now; ``skip_regions``: leave out ``regions``; ``choose_regions``: the
    caregiver picks the areas to leave out. ``triggers_on`` is the worrying answer (usually
    yes; "has the team approved this?" worries on no). ``applies_to`` limits a question to
    routines for the NICU team ("team") or to the others ("standard").
    """

    id: Slug
    question: Text
    help: Annotated[str, Field(max_length=300)] = ""
    triggers_on: bool = True
    action: Literal["refuse", "skip_regions", "choose_regions"]
    regions: list[Region] = Field(default_factory=list)
    applies_to: Literal["all", "standard", "team"] = "all"
    reason: Text
    source: SourceId
    # Shown as an alert with the reason when the worrying answer is given (e.g. fever).
    urgent: SourcedText | None = None
    # This question leaves out every step that moves the hips (the legs region, see Step.hips).
    leaves_out_hip_steps: bool = False

    @model_validator(mode="after")
    def _regions_match_action(self) -> SafetyQuestion:
        if self.leaves_out_hip_steps and (
            self.action != "skip_regions" or self.regions != ["legs"]
        ):
            raise ValueError(
                'a question that leaves out hip steps needs action = "skip_regions" '
                'and regions = ["legs"]'
            )
        if self.action == "skip_regions" and not self.regions:
            raise ValueError("skip_regions needs at least one region")
        if self.action != "skip_regions" and self.regions:
            raise ValueError(f"regions only apply to skip_regions, not {self.action}")
        return self

    def applies(self, routine: Routine) -> bool:
        if self.applies_to == "team":
            return routine.needs_team_approval
        if self.applies_to == "standard":
            return not routine.needs_team_approval
        return True


class SafetyFile(_Model):
    questions: Annotated[list[SafetyQuestion], Field(min_length=1)]
    wand_guidance: Annotated[list[Text], Field(min_length=1)]
    oil_advice: Annotated[list[SourcedText], Field(min_length=1)]
    oils: Annotated[list[Oil], Field(min_length=1)]

    @model_validator(mode="after")
    def _one_hips_question(self) -> SafetyFile:
        if sum(q.leaves_out_hip_steps for q in self.questions) != 1:
            raise ValueError(
                "exactly one question must leave out the hip steps (leaves_out_hip_steps = true)"
            )
        return self


class Cue(_Model):
    id: Slug
    label: Annotated[str, Field(min_length=1, max_length=60)]
    preterm_only: bool = False


class StopSigns(_Model):
    """Cues that end a session at once, and what to do then (a baby born early has its own)."""

    cues: Annotated[list[Slug], Field(min_length=1)]
    what_to_do: Annotated[list[SourcedText], Field(min_length=1)]
    what_to_do_preterm: Annotated[list[SourcedText], Field(min_length=1)]


class Cues(_Model):
    """The baby's signals (mcclure): carry on, or pause and stop."""

    source: SourceId
    engagement_advice: Text
    disengagement_advice: Text
    engagement: Annotated[list[Cue], Field(min_length=1)]
    disengagement: Annotated[list[Cue], Field(min_length=1)]
    stop_signs: StopSigns

    @model_validator(mode="after")
    def _unique(self) -> Cues:
        ids = [c.id for c in (*self.engagement, *self.disengagement)]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"cue ids must be unique: {', '.join(dupes)}")
        unknown = sorted(set(self.stop_signs.cues) - {c.id for c in self.disengagement})
        if unknown:
            raise ValueError(f"stop_signs.cues must be disengagement cues: {', '.join(unknown)}")
        return self

    def stop_advice(self, preterm: bool) -> list[SourcedText]:
        """What to do after a stop sign: the preterm wording for a baby born early."""
        return self.stop_signs.what_to_do_preterm if preterm else self.stop_signs.what_to_do

    def ids(self) -> set[str]:
        return {c.id for c in (*self.engagement, *self.disengagement)}

    def label(self, cue_id: str) -> str:
        for cue in (*self.engagement, *self.disengagement):
            if cue.id == cue_id:
                return cue.label
        return cue_id


class Library(_Model):
    routines: list[Routine]
    safety: list[SafetyQuestion]
    wand_guidance: list[str]
    oil_advice: list[SourcedText]
    oils: list[Oil]
    cues: Cues
    pictures: dict[str, Picture]

    def get(self, slug: str) -> Routine | None:
        return next((r for r in self.routines if r.slug == slug), None)

    def safety_for(self, routine: Routine) -> list[SafetyQuestion]:
        return [q for q in self.safety if q.applies(routine)]

    def oil(self, name: str) -> Oil | None:
        """The oil a caregiver typed, found by its words ("almond oil" finds the nut oils)."""
        typed = " ".join(name.lower().split())
        return next((o for o in self.oils if any(w in typed for w in o.words)), None)


def describe_weeks(weeks: int) -> str:
    if weeks < 0:
        return ngettext("%(n)d week before due date", "%(n)d weeks before due date", -weeks) % {
            "n": -weeks
        }
    if weeks == 0:
        return gettext("birth")
    if weeks < 13:
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    months = round(weeks * 7 / 30.4375)
    return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}


def load_library(root: Path = CONTENT_DIR, strokes_dir: Path = STROKES_DIR) -> Library:
    """Read and validate every content file under ``root``; raise ContentError on any fault.

    ``strokes_dir`` holds the stroke pictures: every picture named in pictures.toml must have
    its file there, and every step must name a picture listed in pictures.toml.
    """
    routines: list[Routine] = []
    for path in sorted((root / "routines").glob("*.toml")):
        routine = load_content(Routine, path, root)
        if routine.slug != path.stem:
            raise ContentError(
                f"{display_path(path, root)}: slug: {routine.slug!r} should match "
                f"the file name {path.stem!r}"
            )
        routines.append(routine)
    if not routines:
        raise ContentError(f"{display_path(root / 'routines', root)}: no routine files found.")
    routines.sort(key=lambda r: (r.order, r.title))
    safety = load_content(SafetyFile, root / "safety.toml", root)
    cues = load_content(Cues, root / "cues.toml", root)
    pictures = _load_pictures(root, strokes_dir, routines)
    return Library(
        routines=routines,
        safety=safety.questions,
        wand_guidance=safety.wand_guidance,
        oil_advice=safety.oil_advice,
        oils=safety.oils,
        cues=cues,
        pictures=pictures,
    )


def _load_pictures(root: Path, strokes_dir: Path, routines: list[Routine]) -> dict[str, Picture]:
    path = root / "pictures.toml"
    pictures = {p.name: p for p in load_content(PicturesFile, path, root).pictures}
    for picture in pictures.values():
        if not (strokes_dir / f"{picture.name}.svg").is_file():
            raise ContentError(
                f"{display_path(path, root)}: picture {picture.name!r} has no drawing "
                f"(expected {picture.name}.svg in {strokes_dir})"
            )
    for routine in routines:
        for number, step in enumerate(routine.steps, start=1):
            if step.picture not in pictures:
                raise ContentError(
                    f"content/routines/{routine.slug}.toml: step {number} ({step.stroke}): "
                    f"picture {step.picture!r} is not listed in content/pictures.toml"
                )
    return pictures


@cache
def library() -> Library:
    """The shipped library, loaded once per process (content changes need a restart)."""
    return load_library(CONTENT_DIR)
