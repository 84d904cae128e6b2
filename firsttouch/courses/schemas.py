"""Request and response bodies of the courses' staff API (``courses.api``).

A course, its sessions and who is enrolled are the organisation's own records (names and
ticks). Home practice is the family's data: ``PracticeOut`` is there only for a family that
shares its massage sessions, and each such family shown is one access-log row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from firsttouch.api.kit.inputs import MAX_ID

# More ids than a course has enrolments is a mistake, not a register.
MAX_REGISTER = 500


class CourseOut(Schema):
    id: int
    title: str
    description: str
    starts_on: date
    weekly_target: int = Field(description="Home practice sessions a week families aim for.")
    leader: str | None = Field(description="The class leader's name.")


class CourseSessionOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    online_link: str
    notes: str
    tickable: bool = Field(
        description="Whether its register can be saved yet (from the day it meets)."
    )


class PracticeWeekOut(Schema):
    monday: date
    iso_week: str = Field(description="e.g. 2026-W49.")
    sessions: int
    target: int = Field(description="The weekly target, scaled to the course's days in it.")
    met: bool


class PracticeOut(Schema):
    this_week: PracticeWeekOut | None = Field(description="The week under way, not judged yet.")
    weeks_met: int = Field(description="Weeks on target, of the weeks judged.")
    weeks_judged: int


class TickOut(Schema):
    session: int
    present: bool


class EnrolmentOut(Schema):
    id: int = Field(description="The enrolment's id, as the register names it.")
    family: int
    family_name: str
    attendance: list[TickOut] = Field(description="The sessions whose register was saved.")
    practice: PracticeOut | None = Field(
        description="Null unless the family shares its massage sessions with the organisation."
    )


class CourseDetailOut(CourseOut):
    sessions: list[CourseSessionOut]
    enrolments: list[EnrolmentOut]


class RegisterIn(Schema):
    present: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        max_length=MAX_REGISTER,
        description="The enrolment ids of those who came; every other current enrolment is "
        "saved as absent.",
    )


class RegisterOut(Schema):
    session: int
    present: list[int] = Field(description="Enrolment ids marked present.")
    absent: list[int] = Field(description="The other current enrolments, marked absent.")
