"""The fast path: queries compiled to SQL once, run with each request's values.

Building a queryset and compiling it to SQL cost more than running it on the small, indexed
queries of the hot pages and routes. A prepared query is the ORM's own queryset, built once
with marker values; each call runs the same SQL text with its own values and builds rows with
Django's own converters. Where a query cannot be prepared exactly, the ORM runs instead.

This module is the only place that knows about it (docs/decisions/0003-fast-path.md): the one
set of markers (:data:`MARKERS`), the one cache of prepared queries (:func:`prepared_for`),
the by-id fetch (:func:`fetch_scoped`, a wrapper around ``core.scoping``, which stays plain
ORM code) and the switch, ``settings.FAST_PATH``: when it is false, every use runs the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

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
from django.http import Http404

from . import scoping

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family

Build = Callable[[dict[str, Any]], QuerySet[Any]]
M = TypeVar("M", bound=scoping.FamilyOwned)

# Where each request's values go in the compiled SQL, found by value: values no real row has,
# all different from each other. Ids are plain ints (a build filters ``baby=values["baby"]``,
# which takes an int or a row alike); times are aware (UTC).
MARKERS: dict[str, Any] = {
    "family": 987_654_321_001,
    "baby": 987_654_321_002,
    "pk": 987_654_321_003,
    "since": datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC),
    "until": datetime(1902, 3, 4, 5, 6, 7, tzinfo=UTC),
    "start": datetime(1903, 4, 5, 6, 7, 8, tzinfo=UTC),
    "end": datetime(1904, 5, 6, 7, 8, 9, tzinfo=UTC),
    "key_hash": "marker:not-a-key-hash",
}

# The range of a 64-bit integer: a larger id cannot be sent to SQLite at all (the ORM answers
# "no such row" without asking), so it goes through the ORM.
_INT_RANGE = range(-(2**63), 2**63)


def enabled() -> bool:
    """``settings.FAST_PATH`` (env ``FIRSTTOUCH_FAST_PATH``, default true)."""
    return bool(getattr(settings, "FAST_PATH", True))


def _second(value: Any) -> Any:
    """Another marker for the same slot: compiling twice tells markers from constants."""
    if isinstance(value, datetime):
        return value + timedelta(days=400, seconds=1)
    if isinstance(value, str):
        return value + ":2"
    if isinstance(value, int) and not isinstance(value, bool):
        return value + 1_000
    raise ValueError(f"no second marker for {value!r}")


class PreparedQuery:
    """One queryset shape, compiled once; ``objects(values)`` runs it with this request's values.

    ``build`` makes the queryset from a mapping of marker values (the same function the ORM
    path uses, so the SQL is the ORM's own). ``limit`` adds ``LIMIT``/``OFFSET`` parameters
    after the compiled SQL (Django writes them into the text, which would make one shape per
    page size).

    The queryset is compiled twice, with two different sets of markers. The SQL text must be
    the same; a parameter that is the same both times is a constant of the query (``dirty``
    is true, a status); one that changed must be exactly one marker's value both times. Any
    other outcome (a value transformed, as ``__contains`` does; a value that changes the SQL
    text; a marker not used) raises ``ValueError``: the caller then runs the ORM, never SQL
    that might answer differently.
    """

    def __init__(
        self, build: Build, markers: dict[str, Any], *, limit: bool = False, count: bool = False
    ) -> None:
        self.build = build
        self.limit = limit
        self.count = count
        queryset = self._queryset(dict(markers))
        self.db = queryset.db
        connection = connections[self.db]
        compiler = queryset.query.get_compiler(using=self.db)
        sql, params = compiler.as_sql()
        second = {name: _second(value) for name, value in markers.items()}
        sql2, params2 = self._queryset(dict(second)).query.get_compiler(using=self.db).as_sql()
        if sql2 != sql or len(params2) != len(params):
            raise ValueError(f"the SQL depends on the values: {sql}")
        adapted = {name: self._adapt(value, connection) for name, value in markers.items()}
        adapted2 = {name: self._adapt(value, connection) for name, value in second.items()}
        # Each parameter: ("marker", name) or ("constant", value).
        self.slots: list[tuple[bool, Any]] = []
        for param, param2 in zip(params, params2, strict=True):
            if param == param2 and param not in adapted.values():
                self.slots.append((False, param))
                continue
            names = [
                name for name in markers if adapted[name] == param and adapted2[name] == param2
            ]
            if len(names) != 1:
                raise ValueError(f"cannot place parameter {param!r} in {sql}")
            self.slots.append((True, names[0]))
        if {value for is_marker, value in self.slots if is_marker} != set(markers):
            raise ValueError(f"every marker must appear in {sql}")
        if count:
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"
        if limit:
            sql += " LIMIT %s OFFSET %s"
        self.sql = sql
        self.select = compiler.select
        self.klass_info = compiler.klass_info
        self.model = queryset.model
        self._converters: dict[int, list[tuple[int, list[Any], Any]]] = {}
        self._fast: bool | None = None  # rows built without __init__ (see _loaded)

    def _queryset(self, values: dict[str, Any]) -> QuerySet[Any]:
        queryset = self.build(values)
        return queryset.order_by().values_list("pk") if self.count else queryset

    def orm(self, values: dict[str, Any], *extra: Any) -> list[Any]:
        """What the ORM answers for these values: the reference, and the path when off."""
        queryset = self.build(dict(values))
        if self.count:
            return [[queryset.count()]]
        if self.limit:
            limit, offset = extra
            queryset = queryset[offset : offset + limit]
        return list(queryset)

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
            found = [
                (pos, [_faster(conv, connection) for conv in convs], expression)
                for pos, (convs, expression) in compiler.get_converters(
                    [s[0] for s in self.select]
                ).items()
            ]
            self._converters[id(connection)] = found
        return found

    def build_compiler(self, connection: Any) -> Any:
        return SQLCompiler(Query(self.model), connection, self.db)

    def execute(self, values: Mapping[str, Any], *extra: Any) -> list[Any]:
        """The prepared SQL with these values: the database's rows, not yet converted."""
        connection = connections[self.db]
        with connection.cursor() as cursor:
            params = [
                self._adapt(values[value], connection) if is_marker else value
                for is_marker, value in self.slots
            ]
            cursor.execute(self.sql, [*params, *extra])
            return cursor.fetchall()

    def rows(self, values: dict[str, Any], *extra: Any) -> list[list[Any]]:
        """Rows of a ``values_list`` query (or the count), as the ORM converts them."""
        if not enabled():
            return [list(row) for row in self.orm(values, *extra)]
        connection = connections[self.db]
        fetched = self.execute(values, *extra)
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
        if not enabled():
            return self.orm(values, *extra)
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
        return (
            names == [f.attname for f in model._meta.concrete_fields]
            and all(
                type(model.__dict__.get(name) or getattr(model, name, None)) in plain
                for name in names
            )
            and not pre_init.has_listeners(model)
            and not post_init.has_listeners(model)
        )

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
    if (
        func is None
        or func.__module__ != "django.db.backends.sqlite3.operations"
        or func.__qualname__ != "DatabaseOperations.convert_datetimefield_value"
        or not settings.USE_TZ
    ):
        return converter
    zone = connection.timezone

    def convert(value: Any, expression: Any, connection: Any) -> Any:
        # sqlite3 already parsed the text (Django registers a converter for the column type);
        # what is left is marking a naive time as the database's zone (UTC).
        if type(value) is datetime and value.tzinfo is None:
            return value.replace(tzinfo=zone)
        return converter(value, expression, connection)

    return convert


def fits(values: Mapping[str, Any]) -> bool:
    """Whether these values can run in SQL prepared with :data:`MARKERS`, as they are.

    Each must be of its marker's kind: an id (an int in 64 bits, or a saved row), an aware
    time, a string. ``None`` never fits (the ORM writes ``IS NULL`` or no query at all), nor
    does a naive time (the ORM reads it in the current zone, with a warning).
    """
    for name, value in values.items():
        marker = MARKERS[name]
        if isinstance(marker, datetime):
            if not isinstance(value, datetime) or value.tzinfo is None:
                return False
        elif isinstance(marker, int):
            found = getattr(value, "pk", value)
            if type(found) is not int or found not in _INT_RANGE:
                return False
        elif type(value) is not type(marker):
            return False
    return True


# The one cache: (name, shape) -> the prepared query, or None where it could not be prepared.
_PREPARED: dict[tuple[Any, ...], PreparedQuery | None] = {}


def prepared_for(
    name: str, build: Build, values: Mapping[str, Any], *, limit: bool = False, count: bool = False
) -> PreparedQuery | None:
    """The prepared query for ``name`` with these values' names, or None: run the ORM.

    None when the fast path is off, when the values do not fit the markers (see :func:`fits`)
    or when the query cannot be prepared (which is remembered). ``name`` with the names of the
    values and ``limit``/``count`` is the shape: ``build`` must make the same SQL for it.
    """
    if not enabled() or not fits(values):
        return None
    key = (name, tuple(sorted(values)), limit, count)
    if key not in _PREPARED:
        markers = {marker: MARKERS[marker] for marker in sorted(values)}
        try:
            query: PreparedQuery | None = PreparedQuery(build, markers, limit=limit, count=count)
        except (ValueError, EmptyResultSet):
            query = None  # the ORM, compiled per call: slower, same rows
        _PREPARED[key] = query
    return _PREPARED[key]


def objects(name: str, build: Build, **values: Any) -> list[Any]:
    """``list(build(values))``, prepared when it can be."""
    query = prepared_for(name, build, values)
    return list(build(values)) if query is None else query.objects(values)


def values(name: str, build: Build, **values: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query, prepared when it can be."""
    query = prepared_for(name, build, values)
    if query is None:
        return [tuple(row) for row in build(values)]
    return [tuple(row) for row in query.rows(values)]


def fetch_scoped(model: type[M], family: Family | None, pk: Any) -> M:
    """``scoping.get_scoped_or_404(model, family, pk=pk)``, its SQL compiled once per model.

    The query is ``scoping.scoped()``'s own, filtered by id: the same rows, the same 404
    (tests prove it: own row, another family's, missing, no family, not an int). Anything
    but a plain int id with a family goes to ``get_scoped_or_404`` itself.
    """
    if family is None or not enabled() or not fits({"pk": pk}):
        return scoping.get_scoped_or_404(model, family, pk=pk)

    def build(values: dict[str, Any]) -> QuerySet[Any]:
        return scoping.scoped(model, values["family"]).filter(pk=values["pk"])

    found = objects(f"by-pk:{model._meta.label}", build, family=family, pk=pk)
    if len(found) == 1:
        return cast(M, found[0])
    if not found:
        raise Http404(f"No {model._meta.verbose_name} matches.")
    return scoping.get_scoped_or_404(model, family, pk=pk)  # as the ORM says (never here)
