"""Rows to JSON on the hot routes, without ninja's per-attribute getter.

ninja validates a response by wrapping every row in a ``DjangoGetter`` and calling a Python
method per field, then encodes with the stdlib ``json`` and ``DjangoJSONEncoder``: on a list of
a hundred entries that was about a third of the request. Here each output schema gets a twin
plain pydantic model with the same fields (same types, defaults, order): the row's attributes
are read once into a dict (running the schema's ``resolve_*`` functions, as ninja does), the
twin validates it in pydantic-core, and pydantic-core writes the JSON.

The bytes parse to the same document ninja produced: times in UTC written the way
``DjangoJSONEncoder`` writes them (``...T07:30:00.123Z``), so a client never sees a
difference. The routes still declare the ninja schemas, so the OpenAPI document is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache
from types import UnionType
from typing import Annotated, Any, Union, cast, get_args, get_origin

from django.db.models import Manager, QuerySet
from django.http import HttpResponse
from ninja import Schema
from pydantic import BaseModel, PlainSerializer, create_model

JSON = "application/json; charset=utf-8"

_MISSING = object()


def _utc_text(value: datetime | time) -> str:
    """``DjangoJSONEncoder``'s spelling, in UTC: milliseconds at most, UTC as ``Z``.

    Called once per time in every row served, so it is one function with no calls it can
    avoid (a time already in UTC is not converted again).
    """
    zone = value.tzinfo
    if zone is not None and zone is not UTC and isinstance(value, datetime):
        value = value.astimezone(UTC)
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text


# Only time fields get the serializer, so the other fields stay in pydantic-core's Rust code.
_CLOCK = PlainSerializer(_utc_text, when_used="json-unless-none")
_CLOCK_TYPES = (datetime, time)


def _is_clock(annotation: Any) -> bool:
    if annotation in _CLOCK_TYPES:
        return True
    return get_origin(annotation) in (Union, UnionType) and any(
        arg in _CLOCK_TYPES for arg in get_args(annotation)
    )


# Values ninja's getter would hand over unchanged; anything else gets its treatment.
_PLAIN_TYPES = frozenset(
    {int, str, bool, float, list, dict, datetime, date, time, Decimal, type(None)}
)


def _plain(value: Any) -> Any:
    """What ninja's getter does to an attribute: call methods, list related managers."""
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, Manager):
        return list(value.all())
    if isinstance(value, QuerySet):
        return list(value)
    if callable(value):
        return value()
    return value


class Wire:
    """One output schema's fast path: row -> dict -> twin model -> JSON bytes."""

    def __init__(self, schema: type[Schema]) -> None:
        resolvers = cast(dict[str, Any], getattr(schema, "_ninja_resolvers", {}))
        self.readers: list[tuple[str, Callable[[Any], Any]]] = []
        fields: dict[str, Any] = {}
        for name, info in schema.model_fields.items():
            annotation: Any = info.annotation
            if _is_clock(annotation):
                annotation = Annotated[annotation, _CLOCK]
            fields[name] = (annotation, info)
            resolver = resolvers.get(name)
            if resolver is not None:
                if resolver._takes_context or not resolver._static:
                    raise TypeError(
                        f"{schema.__name__}.resolve_{name} must be a plain "
                        "static method to be served by the fast path."
                    )
                self.readers.append((name, resolver._func))
            else:
                self.readers.append((name, _attribute(name)))
        self.model = cast(
            type[BaseModel], create_model(schema.__name__ + "Wire", __base__=BaseModel, **fields)
        )
        self.page = cast(
            type[BaseModel],
            create_model(
                schema.__name__ + "PageWire",
                __base__=BaseModel,
                count=(int, ...),
                next=(str | None, ...),
                previous=(str | None, ...),
                results=(list[self.model], ...),  # type: ignore[name-defined]
            ),
        )

    def row(self, obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, read in self.readers:
            value = read(obj)
            if value is not _MISSING:
                data[name] = _plain(value)
        return data

    def one(self, obj: Any, extra: dict[str, Any] | None = None) -> bytes:
        """One row; ``extra`` adds values the row does not hold (e.g. its warnings)."""
        data = self.row(obj)
        if extra:
            data.update(extra)
        return self._dump(self.model, data)

    def many(self, page: dict[str, Any], rows: Iterable[Any]) -> bytes:
        return self._dump(self.page, {**page, "results": [self.row(obj) for obj in rows]})

    @staticmethod
    def _dump(model: type[BaseModel], data: dict[str, Any]) -> bytes:
        instance = model.model_validate(data)
        return instance.__pydantic_serializer__.to_json(instance)


def _attribute(name: str) -> Callable[[Any], Any]:
    def read(obj: Any) -> Any:
        return getattr(obj, name, _MISSING)

    return read


@cache
def wire_for(schema: type[Schema]) -> Wire:
    return Wire(schema)


def json_response(body: bytes | str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type=JSON)
