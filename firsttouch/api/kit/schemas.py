"""Bodies every router shares besides pages and errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import SerializerFunctionWrapHandler, field_serializer


class RecordOut(Schema):
    """What every stored row reports besides its own fields."""

    id: int
    created_at: datetime

    @field_serializer("*", mode="wrap")
    def _in_utc(self, value: Any, handler: SerializerFunctionWrapHandler) -> Any:
        # One zone out, whatever zone a time came in with: clients compare strings safely.
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return handler(value)


class WarningOut(Schema):
    """A safety warning raised by what was just saved: show it at once, where the user is."""

    code: str = Field(description="Stable identifier, e.g. `stool-pale`.")
    message: str = Field(description="What was seen, in plain words.")
    action: str = Field(description="What to do about it.")
    urgency: Literal["emergency", "urgent", "today", "advice"] = Field(
        description="How soon: `emergency` (call now), `urgent` (medical assessment now), "
        "`today` (contact a doctor or health visitor today), `advice` (read before going on)."
    )
    source: str = Field(description="Id of the published source (docs/sources.md).")
