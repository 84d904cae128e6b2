"""Bodies every router shares besides pages and errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ninja import Schema
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
