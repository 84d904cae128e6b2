"""Request and response bodies.

Input schemas check types and shapes; the model's ``clean()`` checks the domain rules (an end
after its start, a side only for a breastfeed), so the pages and the API refuse the same things
with the same sentences. Optional choices are ``null`` when not given ("" is accepted too).
Datetimes are ISO 8601; one without an offset is read in the family's time zone. Responses
give times in UTC (``Z``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator

from firsttouch.api.kit.inputs import LocalTime
from firsttouch.api.kit.schemas import RecordOut
from firsttouch.massage.models import BabyState, Tool
from firsttouch.tracking.models import (
    ILLNESS_SIGNS,
    TEETHING_SIGNS,
    BottleContents,
    BreastSide,
    FeedKind,
    Intensity,
    Severity,
    StoolColour,
    StoolConsistency,
)


def _none_if_blank(value: Any) -> Any:
    return None if value == "" else value


Side = Annotated[BreastSide | None, BeforeValidator(_none_if_blank)]
Contents = Annotated[BottleContents | None, BeforeValidator(_none_if_blank)]
Consistency = Annotated[StoolConsistency | None, BeforeValidator(_none_if_blank)]
Colour = Annotated[StoolColour | None, BeforeValidator(_none_if_blank)]
State = Annotated[BabyState | None, BeforeValidator(_none_if_blank)]
Notes = Annotated[str, Field(max_length=2000)]
BabyId = Annotated[int, Field(description="A baby of your family (another id is a 404).")]


# --- Common parts ----------------------------------------------------------------------------


class Token(Schema):
    token: str = Field(description="Send as 'Authorization: Bearer <token>'. Shown once.")


class Credentials(Schema):
    username: str = Field(description="The e-mail address you log in with.")
    password: str


class EntryOutMixin(RecordOut):
    baby: int
    notes: str
    updated_at: datetime
    created_by: int | None = Field(None, description="The caregiver who logged it.")

    @staticmethod
    def resolve_baby(obj: Any) -> int:
        return int(obj.baby_id)

    @staticmethod
    def resolve_created_by(obj: Any) -> int | None:
        return obj.created_by_id


# --- Babies ----------------------------------------------------------------------------------


class BabyIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=60)]
    birth_date: date
    gestational_weeks: int | None = Field(
        None,
        description="Completed weeks of pregnancy at birth (22-44). Under 37 weeks, ages are "
        "corrected for prematurity until the baby is 2 years (730 days) old; empty means born "
        "at term.",
    )
    usual_bedtime: LocalTime | None = Field(
        None, description="Local time; the bedtime routine is suggested shortly before it."
    )


class BabyOut(RecordOut, BabyIn):
    age_days: int = Field(
        description="Corrected age in days for babies born before 37 weeks, until 2 years "
        "(730 days) since birth; from then on, and for babies born at 37 weeks or later, the "
        "age since birth."
    )
    age: str = Field(description='Readable age, e.g. "8 weeks (6 weeks corrected)".')

    @staticmethod
    def resolve_age_days(obj: Any) -> int:
        return int(obj.age().days)

    @staticmethod
    def resolve_age(obj: Any) -> str:
        return str(obj.age().describe())


# --- Massage sessions ------------------------------------------------------------------------


class MassageSessionIn(Schema):
    baby: BabyId
    routine_slug: str = Field("", description="A routine from /routines; empty for free-form.")
    routine_version: str = Field("", description="Filled from the library when left empty.")
    started_at: datetime | None = Field(None, description="Defaults to now.")
    ended_at: datetime | None = Field(None, description="Null while the session is running.")
    steps_completed: Annotated[int, Field(ge=0)] = 0
    skipped_regions: list[str] = Field(
        default_factory=list, description="Body regions left out (region ids)."
    )
    ended_early: bool = False
    ended_early_reason: Annotated[str, Field(max_length=200)] = ""
    state_before: State = None
    state_after: State = None
    cues: list[str] = Field(default_factory=list, description="Cue ids from the library.")
    tool: Tool = Tool.HANDS
    massager: int | None = Field(None, description="One of your family's devices.")
    wand_head: str = ""
    vibration: str = ""
    oil: Annotated[str, Field(max_length=80)] = ""
    notes: Notes = ""


class MassageSessionOut(RecordOut, MassageSessionIn):
    started_at: datetime
    updated_at: datetime
    duration_seconds: int | None = None

    @staticmethod
    def resolve_baby(obj: Any) -> int:
        return int(obj.baby_id)

    @staticmethod
    def resolve_massager(obj: Any) -> int | None:
        return obj.massager_id


# --- Tracking --------------------------------------------------------------------------------


class PointIn(Schema):
    baby: BabyId
    time: datetime | None = Field(None, description="When it happened; defaults to now.")
    notes: Notes = ""


class IntervalIn(Schema):
    baby: BabyId
    start: datetime | None = Field(None, description="Defaults to now.")
    end: datetime | None = Field(None, description="Null while the timer runs.")
    notes: Notes = ""


class PointOut(EntryOutMixin):
    time: datetime


class IntervalOut(EntryOutMixin):
    start: datetime
    end: datetime | None
    duration_seconds: int | None = Field(None, description="Null while the timer runs.")

    @staticmethod
    def resolve_duration_seconds(obj: Any) -> int | None:
        return None if obj.end is None else int((obj.end - obj.start).total_seconds())


# Each kind's own fields live in a mixin shared by its input and output schemas.


class SleepIn(IntervalIn):
    pass


class SleepOut(IntervalOut):
    pass


class CryingFields(Schema):
    intensity: Intensity = Intensity.CRYING


class CryingIn(CryingFields, IntervalIn):
    pass


class CryingOut(CryingFields, IntervalOut):
    pass


class FeedFields(Schema):
    kind: FeedKind = FeedKind.BREAST
    side: Side = Field(None, description="Breastfeeds only: left, right or both.")
    contents: Contents = Field(None, description="Bottle feeds only.")
    amount_ml: int | None = Field(None, description="Bottle feeds only, 1-500 ml.")
    food: Annotated[str, Field(max_length=200)] = ""


class FeedIn(FeedFields, IntervalIn):
    pass


class FeedOut(FeedFields, IntervalOut):
    pass


class NappyFields(Schema):
    wet: bool = False
    dirty: bool = False
    consistency: Consistency = Field(None, description="Dirty nappies only.")
    colour: Colour = Field(None, description="Dirty nappies only.")


class NappyIn(NappyFields, PointIn):
    pass


class NappyOut(NappyFields, PointOut):
    pass


class GasFields(Schema):
    severity: Severity = Severity.MILD
    relieved_by: Annotated[str, Field(max_length=200)] = ""


class GasIn(GasFields, PointIn):
    pass


class GasOut(GasFields, PointOut):
    pass


class TeethingFields(Schema):
    signs: list[str] = Field(
        description="At least one of: " + ", ".join(key for key, _ in TEETHING_SIGNS) + "."
    )


class TeethingIn(TeethingFields, PointIn):
    pass


class TeethingOut(TeethingFields, PointOut):
    pass


class GrowthIn(PointIn):
    weight_g: int | None = Field(None, description="Weight in grams (300-25000).")
    length_cm: Decimal | None = Field(
        None, description="Length in cm, one decimal (20-120).", max_digits=4, decimal_places=1
    )
    head_cm: Decimal | None = Field(
        None,
        description="Head circumference in cm, one decimal (20-60).",
        max_digits=4,
        decimal_places=1,
    )


class GrowthOut(PointOut):
    weight_g: int | None = None
    length_cm: float | None = None
    head_cm: float | None = None


class NoteIn(PointIn):
    notes: Notes = Field(description="The note itself.")


class NoteOut(PointOut):
    pass


class IllnessIn(PointIn):
    """A temperature, the signs of illness seen, or both: red flags are answered in `warnings`."""

    temperature_c: Decimal | None = Field(
        None,
        description="Temperature in °C, one decimal (34.0-43.0); null if not measured.",
        max_digits=3,
        decimal_places=1,
    )
    signs: list[str] = Field(
        default_factory=list,
        description="Any of: " + ", ".join(key for key, _ in ILLNESS_SIGNS) + ". "
        "A temperature, a sign or both.",
    )


class IllnessOut(PointOut):
    """A temperature and the signs of illness seen."""

    temperature_c: float | None = None
    signs: list[str]
