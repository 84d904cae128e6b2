"""One router factory for every family-owned resource: list, create, read, update, delete.

A :class:`Resource` says which model, which schemas, how to save and which field holds the
entry's time; :func:`build_router` turns it into routes that all scope through
``core.scoping``, accept ISO 8601 times (naive ones in the family's time zone), report errors
in the one shape, and replay creates sent again with the same ``Idempotency-Key``.
"""

# No ``from __future__ import annotations`` here, on purpose: ninja reads the route functions'
# annotations at run time, and they name schemas that exist only in this factory's closure.

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Generic, TypeVar, cast
from zoneinfo import ZoneInfo

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import create_model
from pydantic.fields import FieldInfo

from firsttouch.core import moments, prepared
from firsttouch.core.http import FamilyRequest
from firsttouch.core.prepared import PreparedQuery
from firsttouch.core.scoping import FamilyOwned, scoped
from firsttouch.core.warnings import SafetyWarning, most_urgent_first

from .errors import CHECK_FIELDS, ApiError
from .idempotency import HEADER, idempotent
from .paging import EntryFilters, ListParams, page_links, page_of
from .responses import INPUT_ERRORS, WRITE_ERRORS
from .schemas import WarningOut
from .scoping import own_row_or_404, own_rows
from .wire import json_response, wire_for

M = TypeVar("M", bound=FamilyOwned)
R = TypeVar("R", bound=models.Model)

LIST_ENTRIES = (
    "Newest first, paginated with `limit` and `offset`. Filter by `baby` (id) and by time with "
    "`since` (inclusive) and `until` (exclusive), ISO 8601; a time without an offset is read "
    "in your family's time zone."
)


def full_clean_and_save(instance: M) -> M:
    """The save path for rows without a service of their own: validate, then save, atomically."""
    with transaction.atomic():
        instance.full_clean()
        instance.save()
    return instance


@dataclass(frozen=True)
class Resource(Generic[M]):
    model: type[M]
    path: str
    tag: str
    schema_in: type[Schema]
    schema_out: type[Schema]
    save: Callable[[M], M] = full_clean_and_save
    # Field that orders the list and that ``since``/``until`` filter on; None for babies.
    time_field: str | None = None
    # Body fields naming another family-owned row (e.g. ``{"baby": Baby}``); an id of another
    # family is a 404.
    foreign_keys: Mapping[str, type[FamilyOwned]] = field(default_factory=dict)
    # Sets what the caller does not send: the family, who logged it.
    on_create: Callable[[M, FamilyRequest], None] | None = None
    # Ends a running timer now; when given, POST /{id}/stop is added.
    stop: Callable[[M], Any] | None = None
    # The user-owned scope, next to the family-owned one: the field naming the user a private
    # row belongs to. Then only she reaches it (her family's other caregivers get 404, as for
    # another family's row) and a create sets it to the caller.
    owner: str | None = None
    # The safety warnings a row raises (a pale stool, a wand above the lowest level...). When
    # given, a created, read or changed row is answered with a ``warnings`` list, so a red flag
    # is in the answer to the request that saved it, never only in a report. Lists leave it
    # out: a page of rows is not where a caregiver is told.
    warnings: Callable[[M], list[SafetyWarning]] | None = None

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def name(self) -> str:
        return self.path.replace("-", "_")


def partial_schema(schema: type[Schema], name: str) -> type[Schema]:
    """The same fields, all optional: a PATCH body changes only what it sends."""
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        optional = FieldInfo.merge_field_infos(info, default=None, default_factory=None)
        fields[field_name] = (cast(Any, info.annotation) | None, optional)
    return cast(type[Schema], create_model(name, __base__=Schema, **fields))


def as_model_value(value: Any, model_field: "models.Field[Any, Any] | None", zone: ZoneInfo) -> Any:
    """Input value to model value: naive times in the family's zone, null choices as blank."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, zone)
    if (
        value is None
        and model_field is not None
        and not model_field.null
        and isinstance(model_field, models.CharField | models.TextField)
    ):
        return ""
    return value


def apply(resource: Resource[M], request: FamilyRequest, instance: M, data: dict[str, Any]) -> M:
    return apply_fields(request, instance, data, resource.foreign_keys)


def apply_fields(
    request: FamilyRequest,
    instance: R,
    data: dict[str, Any],
    foreign_keys: Mapping[str, type[FamilyOwned]],
) -> R:
    """Set the sent fields on a row: ids of the family's rows, naive times in its zone.

    Hand-written routes (a user's own rows) use it too, so every route reads input the same way.
    Values the row cannot hold are refused first (:func:`refuse_unstorable`), so a refused
    request leaves the row as it was.
    """
    refuse_unstorable(instance, data)
    zone = ZoneInfo(request.family.time_zone)
    for name, value in data.items():
        related = foreign_keys.get(name)
        if related is not None:
            target = (
                None if value is None else prepared.fetch_scoped(related, request.family, value)
            )
            setattr(instance, name, target)
            continue
        try:
            model_field = cast("models.Field[Any, Any]", instance._meta.get_field(name))
        except FieldDoesNotExist:
            model_field = None
        setattr(instance, name, as_model_value(value, model_field, zone))
    return instance


def refuse_unstorable(instance: models.Model, data: dict[str, Any]) -> None:
    """422 for a time outside the sane years or a null the column cannot take.

    Both would otherwise fail inside the model's ``clean()`` (a year-1 time cannot be compared
    with now; a null start cannot be used in the overlap query) as a 500. A null text field is
    not refused: it is read as blank (``as_model_value``), documented in docs/api.md.
    """
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        if isinstance(value, date) and not moments.in_range(value):
            errors[name] = [str(moments.OUT_OF_RANGE)]
            continue
        if value is not None:
            continue
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if (
            isinstance(model_field, models.Field)
            and not model_field.null
            and not isinstance(model_field, models.CharField | models.TextField)
        ):
            errors[name] = [str(model_field.error_messages["null"])]
    if errors:
        raise ApiError(422, CHECK_FIELDS, fields=errors)


def sent(payload: Any) -> dict[str, Any]:
    """Only the fields the client sent: the model's defaults fill the rest."""
    return cast(dict[str, Any], payload.model_dump(exclude_unset=True))


def detail_schema(resource: Resource[M]) -> type[Schema]:
    """The schema of one row: the list's, plus its ``warnings`` when the resource raises any."""
    if resource.warnings is None:
        return resource.schema_out
    return _detail_schemas(resource.schema_out)


@cache
def _detail_schemas(schema_out: type[Schema]) -> type[Schema]:
    base = schema_out.__name__.removesuffix("Out")
    detail = create_model(
        base + "Detail",
        __base__=schema_out,
        warnings=(
            list[WarningOut],
            Field(
                default_factory=list,
                description="Safety warnings this entry raises, most urgent first: show them "
                "to the user at once. Empty when there are none.",
            ),
        ),
    )
    detail.__doc__ = f"{schema_out.__doc__ or base} With the safety warnings it raises."
    return cast(type[Schema], detail)


def _one(resource: Resource[M], instance: M) -> bytes:
    extra: dict[str, Any] = {}
    if resource.warnings is not None:
        found = most_urgent_first(resource.warnings(instance))
        extra["warnings"] = [
            {
                "code": w.code,
                "message": w.message,
                "action": w.action,
                "urgency": w.urgency,
                "source": w.source,
            }
            for w in found
        ]
    return wire_for(detail_schema(resource)).one(instance, extra)


def render(resource: Resource[M], instance: M) -> str:
    return _one(resource, instance).decode()


def respond(resource: Resource[M], instance: M) -> HttpResponse:
    return json_response(_one(resource, instance))


def filtered(
    resource: Resource[M],
    family: Any,
    baby: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> models.QuerySet[M]:
    """The rows a list returns, newest first; times already aware."""
    rows: models.QuerySet[M] = scoped(resource.model, family)
    if baby is not None:
        rows = rows.filter(baby_id=baby)
    if resource.time_field and since is not None:
        rows = rows.filter(**{f"{resource.time_field}__gte": since})
    if resource.time_field and until is not None:
        rows = rows.filter(**{f"{resource.time_field}__lt": until})
    if resource.time_field:
        rows = rows.order_by(f"-{resource.time_field}", "-pk")
    return rows


def filter_values(
    resource: Resource[M], request: FamilyRequest, filters: ListParams
) -> dict[str, Any]:
    """The list's filters as values: the family, and those of baby, since, until given."""
    values: dict[str, Any] = {"family": request.family}
    if isinstance(filters, EntryFilters):
        zone = ZoneInfo(request.family.time_zone)
        if filters.baby is not None:
            values["baby"] = filters.baby
        if resource.time_field and filters.since is not None:
            values["since"] = as_model_value(filters.since, None, zone)
        if resource.time_field and filters.until is not None:
            values["until"] = as_model_value(filters.until, None, zone)
    return values


def prepared_list(
    resource: Resource[M], values: dict[str, Any], count: bool
) -> PreparedQuery | None:
    """The list's SQL for this set of filters, compiled once (None: use the ORM)."""

    def build(marked: dict[str, Any]) -> models.QuerySet[M]:
        return filtered(resource, **marked)

    return prepared.prepared_for(
        f"list:{resource.path}", build, values, limit=not count, count=count
    )


def resource_page(
    request: FamilyRequest, resource: Resource[M], filters: ListParams
) -> HttpResponse:
    """One page; the count query runs only when the page does not already tell the total."""
    limit, offset = filters.limit, filters.offset
    values = filter_values(resource, request, filters)
    query = prepared_list(resource, values, count=False) if request.family else None
    rows: list[M]
    if query is None:
        rows = list(filtered(resource, **values)[offset : offset + limit])
    else:
        rows = query.objects(values, limit, offset)
    if 0 < len(rows) < limit or (not rows and offset == 0):
        count = offset + len(rows)
    else:
        counter = prepared_list(resource, values, count=True) if request.family else None
        count = (
            filtered(resource, **values).count() if counter is None else int(counter.scalar(values))
        )
    return json_response(
        wire_for(resource.schema_out).many(page_links(request, filters, count), rows)
    )


def own_resource_page(
    request: FamilyRequest, resource: Resource[M], filters: ListParams
) -> HttpResponse:
    """A page of a user-owned resource: the family's rows that are the caller's own."""
    assert resource.owner is not None
    values = filter_values(resource, request, filters)
    rows = own_rows(filtered(resource, **values), request, resource.owner)
    found = list(rows[filters.offset : filters.offset + filters.limit])
    page = page_links(request, filters, rows.count())
    return json_response(wire_for(resource.schema_out).many(page, found))


def get_row(resource: Resource[M], request: FamilyRequest, id: int) -> M:
    """One row in the resource's scope: the family's, or the caller's own."""
    if resource.owner is None:
        return prepared.fetch_scoped(resource.model, request.family, id)
    return own_row_or_404(scoped(resource.model, request.family), request, resource.owner, pk=id)


def build_router(resource: Resource[M]) -> Router:
    """Routes for one resource; see the module docstring for what they share."""
    router = Router(tags=[resource.tag])
    schema_in = resource.schema_in
    schema_out = detail_schema(resource)
    schema_patch = partial_schema(schema_in, schema_in.__name__.removesuffix("In") + "Patch")
    schema_page = page_of(resource.schema_out)
    filters_schema = EntryFilters if resource.time_field else ListParams
    name, label, plural = resource.name, resource.label, resource.label_plural
    idempotency_note = (
        f" Send an `{HEADER}` header to make retries safe: the same key "
        "returns the first response and creates nothing new."
    )

    def get_one(request: FamilyRequest, id: int) -> M:
        return get_row(resource, request, id)

    @router.get(
        "",
        response={200: schema_page, **INPUT_ERRORS},
        operation_id=f"list_{name}",
        summary=f"List {plural}",
        description=LIST_ENTRIES if resource.time_field else "Paginated with limit and offset.",
    )
    def list_rows(
        request: FamilyRequest,
        filters: Query[filters_schema],  # type: ignore[valid-type]
    ) -> HttpResponse:
        if resource.owner is not None:
            return own_resource_page(request, resource, filters)
        return resource_page(request, resource, filters)

    @router.post(
        "",
        response={201: schema_out, **WRITE_ERRORS},
        operation_id=f"create_{name}",
        summary=f"Add a {label}",
        description=f"Creates a {label}." + idempotency_note,
    )
    def create(
        request: FamilyRequest,
        payload: schema_in,  # type: ignore[valid-type]
    ) -> HttpResponse:
        def make() -> tuple[int, str]:
            instance = resource.model()
            if resource.owner is not None:
                setattr(instance, resource.owner, request.user)
            if resource.on_create is not None:
                resource.on_create(instance, request)
            apply(resource, request, instance, sent(payload))
            return 201, render(resource, resource.save(instance))

        return idempotent(request, make)

    @router.get(
        "/{id}",
        response={200: schema_out, **INPUT_ERRORS},
        operation_id=f"get_{name}",
        summary=f"Read a {label}",
    )
    def read(request: FamilyRequest, id: int) -> HttpResponse:
        return respond(resource, get_one(request, id))

    @router.patch(
        "/{id}",
        response={200: schema_out, **WRITE_ERRORS},
        operation_id=f"update_{name}",
        summary=f"Change a {label}",
        description="Changes only the fields sent; the rest stay as they are.",
    )
    def update(
        request: FamilyRequest,
        id: int,
        payload: schema_patch,  # type: ignore[valid-type]
    ) -> HttpResponse:
        instance = get_one(request, id)
        apply(resource, request, instance, sent(payload))
        return respond(resource, resource.save(instance))

    @router.delete(
        "/{id}",
        response={204: None, **INPUT_ERRORS},
        operation_id=f"delete_{name}",
        summary=f"Delete a {label}",
    )
    def delete(request: FamilyRequest, id: int) -> HttpResponse:
        get_one(request, id).delete()
        return HttpResponse(status=204)

    stop = resource.stop
    if stop is not None:

        @router.post(
            "/{id}/stop",
            response={200: schema_out, **WRITE_ERRORS},
            operation_id=f"stop_{name}",
            summary=f"Stop a running {label} timer",
            description="Ends the timer now. Stopping an ended entry changes nothing.",
        )
        def stop_timer(request: FamilyRequest, id: int) -> HttpResponse:
            def make() -> tuple[int, str]:
                instance = get_one(request, id)
                stop(instance)
                return 200, render(resource, instance)

            return idempotent(request, make)

    return router
