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

from django.conf import settings
from django.db import connections
from django.db.models import Manager, QuerySet
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
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
        arg in _CLOCK_TYPES for arg in get_args(annotation))


# Values ninja's getter would hand over unchanged; anything else gets its treatment.
_PLAIN_TYPES = frozenset({int, str, bool, float, list, dict, datetime, date, time, Decimal,
                          type(None)})


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
                    raise TypeError(f"{schema.__name__}.resolve_{name} must be a plain "
                                    "static method to be served by the fast path.")
                self.readers.append((name, resolver._func))
            else:
                self.readers.append((name, _attribute(name)))
        self.model = cast(type[BaseModel], create_model(
            schema.__name__ + "Wire", __base__=BaseModel, **fields))
        self.page = cast(type[BaseModel], create_model(
            schema.__name__ + "PageWire", __base__=BaseModel,
            count=(int, ...), next=(str | None, ...), previous=(str | None, ...),
            results=(list[self.model], ...)))  # type: ignore[name-defined]

    def row(self, obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, read in self.readers:
            value = read(obj)
            if value is not _MISSING:
                data[name] = _plain(value)
        return data

    def one(self, obj: Any) -> bytes:
        return self._dump(self.model, self.row(obj))

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


# --- Prepared queries ------------------------------------------------------------------------
#
# Building a queryset and compiling it to SQL cost more than running it: on a list of a week
# of sleep, Django's compiler (joins, WHERE, ORDER BY, the select list) took about a fifth of
# the request, three times over (token, count, rows). A prepared query is compiled once, with
# marker values in place of the request's values; each request puts its own values where the
# markers were and runs the same SQL text, then builds the rows exactly as the ORM does (the
# same converters, the same related-object population).


class PreparedQuery:
    """One queryset shape, compiled once; ``objects(values)`` runs it with this request's values.

    ``build`` makes the queryset from a mapping of marker values (the same function the ORM
    path uses, so the SQL is the ORM's own). ``limit`` adds ``LIMIT``/``OFFSET`` parameters
    after the compiled SQL (Django writes them into the text, which would make one shape per
    page size). Falls back to the ORM when the compiled parameters cannot be matched to the
    markers one to one (never silently wrong).
    """

    def __init__(self, build: Callable[[dict[str, Any]], QuerySet[Any]],
                 markers: dict[str, Any], *, limit: bool = False, count: bool = False) -> None:
        self.build = build
        queryset = build(dict(markers))
        if count:
            queryset = queryset.order_by().values_list("pk")
        self.db = queryset.db
        connection = connections[self.db]
        compiler = queryset.query.get_compiler(using=self.db)
        sql, params = compiler.as_sql()
        if count:
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"
        adapted = {name: self._adapt(value, connection) for name, value in markers.items()}
        self.slots: list[str] = []
        for param in params:
            names = [name for name, value in adapted.items() if value == param]
            if len(names) != 1:
                raise ValueError(f"cannot place parameter {param!r} in {sql}")
            self.slots.append(names[0])
        if set(self.slots) != set(markers):
            raise ValueError(f"every marker must appear in {sql}")
        if limit:
            sql += " LIMIT %s OFFSET %s"
        self.sql = sql
        self.count = count
        self.select = compiler.select
        self.klass_info = compiler.klass_info
        self.model = queryset.model
        self._converters: dict[int, list[tuple[int, list[Any], Any]]] = {}
        self._fast: bool | None = None  # rows built without __init__ (see _loaded)

    @staticmethod
    def _adapt(value: Any, connection: Any) -> Any:
        """As the ORM adapts a lookup's value (times: to the database's UTC form)."""
        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if hasattr(value, "pk"):
            return value.pk
        return value

    def converters(self, connection: Any) -> list[tuple[int, list[Any], Any]]:
        """Django's converters for each column, for this thread's connection (kept)."""
        found = self._converters.get(id(connection))
        if found is None:
            compiler = self.build_compiler(connection)
            found = [(pos, [_faster(conv, connection) for conv in convs], expression)
                     for pos, (convs, expression)
                     in compiler.get_converters([s[0] for s in self.select]).items()]
            self._converters[id(connection)] = found
        return found

    def build_compiler(self, connection: Any) -> Any:
        return SQLCompiler(Query(self.model), connection, self.db)

    def rows(self, values: dict[str, Any], *extra: Any) -> list[list[Any]]:
        connection = connections[self.db]
        with connection.cursor() as cursor:
            params = [self._adapt(values[name], connection) for name in self.slots]
            cursor.execute(self.sql, [*params, *extra])
            fetched = cursor.fetchall()
        if self.count:
            return [list(row) for row in fetched]
        converters = self.converters(connection)
        result = []
        for row in fetched:
            row = list(row)
            for pos, convs, expression in converters:
                value = row[pos]
                for converter in convs:
                    value = converter(value, expression, connection)
                row[pos] = value
            result.append(row)
        return result

    def objects(self, values: dict[str, Any], *extra: Any) -> list[Any]:
        """Model instances, as ``ModelIterable`` makes them (with ``select_related`` rows)."""
        klass_info = self.klass_info
        if klass_info is None:
            raise TypeError("objects() needs a query of model rows, not values")
        rows = self.rows(values, *extra)
        model = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        names = [s[0].target.attname for s in self.select[start:end]]
        populators = get_related_populators(klass_info, self.select, self.db)
        if self._fast is None:
            self._fast = not populators and self._plain(model, names)
        if self._fast:
            return [_loaded(model, self.db, names, row[start:end]) for row in rows]
        objects = []
        for row in rows:
            obj = model.from_db(self.db, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects

    @staticmethod
    def _plain(model: Any, names: list[str]) -> bool:
        """Every concrete field selected, in order, plain attributes, no ``__init__`` signals."""
        plain = (DeferredAttribute, ForeignKeyDeferredAttribute)
        return (names == [f.attname for f in model._meta.concrete_fields]
                and all(type(model.__dict__.get(name) or getattr(model, name, None)) in plain
                        for name in names)
                and not pre_init.has_listeners(model) and not post_init.has_listeners(model))

    def scalar(self, values: dict[str, Any]) -> Any:
        return self.rows(values)[0][0]


def _loaded(model: Any, db: str, names: list[str], row: list[Any]) -> Any:
    """What ``Model.from_db`` makes for a full row, without ``__init__``'s per-field setattr.

    ``__init__`` with every field given stores each value under the field's attname (deferred
    attributes are non-data descriptors, so the instance dict holds the value); with no signal
    receivers (checked by the caller) this is the same object.
    """
    obj = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = db
    obj._state = state
    obj.__dict__.update(zip(names, row, strict=True))
    return obj


def _faster(converter: Any, connection: Any) -> Any:
    """SQLite's datetime converter, same result, without three function calls per value."""
    func = getattr(converter, "__func__", None)
    if (func is None or func.__module__ != "django.db.backends.sqlite3.operations"
            or func.__qualname__ != "DatabaseOperations.convert_datetimefield_value"
            or not settings.USE_TZ):
        return converter
    zone = connection.timezone

    def convert(value: Any, expression: Any, connection: Any) -> Any:
        # sqlite3 already parsed the text (Django registers a converter for the column type);
        # what is left is marking a naive time as the database's zone (UTC).
        if type(value) is datetime and value.tzinfo is None:
            return value.replace(tzinfo=zone)
        return converter(value, expression, connection)

    return convert
