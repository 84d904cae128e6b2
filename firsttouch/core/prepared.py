"""Queries compiled to SQL once, run with each request's values (see PreparedQuery).

Building a queryset and compiling it to SQL cost more than running it on the small, indexed
queries of the hot pages and routes. A prepared query is the ORM's own queryset, built once
with marker values; each call runs the same SQL text with its own values and builds rows with
Django's own converters. Where a query cannot be prepared exactly, the ORM runs instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler


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


Build = Callable[[dict[str, Any]], QuerySet[Any]]


class PreparedQueries:
    """Named queries sharing one set of markers, each prepared on first use (else the ORM).

    ``build(values)`` makes the queryset from a mapping like ``markers``; ``objects`` and
    ``values`` run it with the caller's values, prepared when it could be, through the ORM
    otherwise: the same rows either way.
    """

    def __init__(self, markers: dict[str, Any]) -> None:
        self.markers = markers
        self._queries: dict[str, PreparedQuery | None] = {}

    def query(self, key: str, build: Build) -> PreparedQuery | None:
        if key not in self._queries:
            try:
                prepared: PreparedQuery | None = PreparedQuery(build, dict(self.markers))
            except (ValueError, EmptyResultSet):
                prepared = None  # the ORM, compiled per call: slower, same rows
            self._queries[key] = prepared
        return self._queries[key]

    def objects(self, key: str, build: Build, **values: Any) -> list[Any]:
        prepared = self.query(key, build)
        return list(build(values)) if prepared is None else prepared.objects(values)

    def values(self, key: str, build: Build, **values: Any) -> list[tuple[Any, ...]]:
        prepared = self.query(key, build)
        if prepared is None:
            return [tuple(row) for row in build(values)]
        return [tuple(row) for row in prepared.rows(values)]
