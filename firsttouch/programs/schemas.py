"""Request and response bodies of the staff API (``programs.api``).

An alert in a list or in a POST's answer carries no family data beyond the family's number,
like the queue's table, so it writes no access-log row. Only ``AlertDetailOut`` (one alert
read) has the family's name and the caregiver's contact details, within today's consent, and
the contacts' outcomes; each such read is one access-log row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from firsttouch.api.kit.inputs import SaneDateTime
from firsttouch.api.kit.paging import ListParams
from firsttouch.wellbeing.scoring import Band

from .alerts import OUTCOME_MAX
from .models import AlertKind, AlertPriority, ConsentCategory, ContactMethod

AlertStatus = Literal["open", "acknowledged", "resolved"]


class StaffToken(Schema):
    token: str = Field(
        description="Send as 'Authorization: Bearer <token>' to the staff routes. Shown once."
    )


class StaffCredentials(Schema):
    username: str = Field(description="The e-mail address you log in with.")
    password: str
    code: str = Field(
        description="The six digits your authenticator app shows now, or one of your "
        "recovery codes (each works once)."
    )


class AlertFilters(ListParams):
    status: AlertStatus | None = Field(
        None, description="open (nobody acknowledged it), acknowledged, or resolved."
    )
    priority: AlertPriority | None = None
    kind: AlertKind | None = None


class AlertOut(Schema):
    id: int
    kind: AlertKind
    priority: AlertPriority
    status: AlertStatus
    flag: str = Field(description="The red flag's short name; empty for screening alerts.")
    family: int | None = Field(
        description="The family's number (the queue's 'Family #id'); null if none was known."
    )
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None = Field(description="The staff member's name.")
    resolved_at: datetime | None
    resolved_by: str | None


class SharedFamilyOut(Schema):
    name: str
    caregiver_name: str | None = Field(description="Whose answer or entry raised the alert.")
    caregiver_email: str | None


class ContactOut(Schema):
    id: int
    method: ContactMethod
    contacted_at: datetime
    outcome: str
    by: str | None


class AlertDetailOut(AlertOut):
    resolution_note: str
    shared_family: SharedFamilyOut | None = Field(
        description="Only while the family shares anything with the organisation; null "
        "otherwise (the alert stays in the organisation's records)."
    )
    contacts: list[ContactOut]


class ContactIn(Schema):
    method: ContactMethod
    contacted_at: SaneDateTime = Field(
        description="When the contact happened (send an offset; without one it is read in "
        "the server's time zone)."
    )
    outcome: Annotated[str, Field(max_length=OUTCOME_MAX)]


class ResolveIn(Schema):
    note: Annotated[str, Field(max_length=OUTCOME_MAX)]


# --- The caseload and a family's timeline ------------------------------------------------------

CaseloadSort = Literal[
    "family",
    "-family",
    "band",
    "-band",
    "week",
    "-week",
    "month",
    "-month",
    "alerts",
    "-alerts",
    "activity",
    "-activity",
]


class CaseloadQuery(ListParams):
    """The caseload page's filters and sort, with the API's paging (100 a page, like it)."""

    limit: Annotated[int, Field(ge=1, le=200)] = 100
    sort: CaseloadSort = Field(
        "family", description="A column, '-' first for descending; 'not shared' stays last."
    )
    category: ConsentCategory | None = Field(None, description="Only families sharing this.")
    band: Band | None = Field(None, description="Only families whose latest EPDS band is this.")
    alerts: bool = Field(False, description="Only families with open alerts.")
    q: Annotated[str, Field(max_length=100)] = Field(
        "", description="Part of the family's name (any case)."
    )


class CourseTargetOut(Schema):
    title: str
    weekly_target: int


class CaseloadRowOut(Schema):
    family: int = Field(description="The family's number (the timeline's family_id).")
    name: str = Field(description="The family's name.")
    shares: list[ConsentCategory] = Field(description="What the family shares now.")
    epds_band: Band | None = Field(
        description="The latest EPDS band of a caregiver who shares her screenings; null when "
        "none is shared, or none was done yet (see `shares`)."
    )
    epds_at: datetime | None
    sessions_week: int | None = Field(
        description="Massage sessions in the last 7 days; null when massage is not shared."
    )
    sessions_month: int | None = Field(description="In the last 28 days; null when not shared.")
    course: CourseTargetOut | None = Field(
        description="The family's current course and its weekly target, when massage is shared."
    )
    open_alerts: int = Field(description="The organisation's own alerts nobody acknowledged.")
    last_activity: datetime | None = Field(description="The latest shared entry of any kind.")


class TimelineQuery(Schema):
    page: Annotated[int, Field(ge=1, le=99_999)] = Field(1, description="50 items a page.")
    why: Annotated[str, Field(max_length=100)] = Field(
        "",
        description="The reason the access log records (e.g. 'alert #12'); "
        "'family timeline' when empty.",
    )


class WarningOut(Schema):
    message: str
    action: str


class TimelineItemOut(Schema):
    at: datetime
    category: ConsentCategory
    title: str
    detail: str
    notes: str = Field(description="Free text: empty unless the family shares its notes.")
    warnings: list[WarningOut] = Field(description="Red flags of a log entry.")
    who: str = Field(description="The caregiver, for her own screenings and mood.")


class TimelineOut(Schema):
    family: int
    name: str
    shares: list[ConsentCategory]
    page: int
    has_older: bool = Field(description="Whether page + 1 has items.")
    items: list[TimelineItemOut]
