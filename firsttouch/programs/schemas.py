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

from .alerts import OUTCOME_MAX
from .models import AlertKind, AlertPriority, ContactMethod

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
