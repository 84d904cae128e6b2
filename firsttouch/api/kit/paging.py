"""Paginated lists: one ``Page`` shape for every list of the API, and its links.

A client pages every list the same way (``limit``/``offset`` in, ``count``/``next``/
``previous``/``results`` out), so the page schemas are all made here from :class:`Page`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

from .inputs import MAX_ID, MAX_OFFSET, SaneDateTime

T = TypeVar("T")


class Page(Schema, Generic[T]):
    count: int = Field(description="How many rows match, on every page.")
    next: str | None = Field(description="The next page's URL, null on the last page.")
    previous: str | None = Field(description="The previous page's URL, null on the first.")
    results: list[T]


class ListParams(Schema):
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class EntryFilters(ListParams):
    baby: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(
        None, description="Only this baby's rows."
    )
    since: SaneDateTime | None = Field(None, description="Rows at or after this time.")
    until: SaneDateTime | None = Field(None, description="Rows before this time.")


def page_of(schema: type[Schema], name: str | None = None) -> type[Page[Any]]:
    """``Page[schema]`` under a readable name (``SleepOut`` gives ``SleepPage``)."""
    name = name or schema.__name__.removesuffix("Out") + "Page"
    return cast(type[Page[Any]], create_model(name, __base__=Page[schema]))  # type: ignore[valid-type]


def page_url(request: HttpRequest, limit: int, offset: int) -> str:
    """This list's URL with the same filters, at another offset."""
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_links(request: HttpRequest, params: ListParams, count: int) -> dict[str, Any]:
    """``count``, ``next`` and ``previous`` of the page ``params`` asks for."""
    limit, offset = params.limit, params.offset
    return {
        "count": count,
        "next": page_url(request, limit, offset + limit) if offset + limit < count else None,
        "previous": page_url(request, limit, max(offset - limit, 0)) if offset > 0 else None,
    }


def page(
    request: HttpRequest, params: ListParams, count: int, results: Sequence[Any]
) -> dict[str, Any]:
    """A page body for rows already cut to ``params`` (``results``) out of ``count``."""
    return {**page_links(request, params, count), "results": list(results)}


def paginate(
    request: HttpRequest,
    params: ListParams,
    rows: Sequence[T] | QuerySet[Any],
    out: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """A page body cut from all ``rows`` (a list, or a queryset counted in SQL), each row of the
    page given to ``out`` when there is one: only the rows shown are turned into answers."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    window = list(rows[params.offset : params.offset + params.limit])
    return page(request, params, count, [out(row) for row in window] if out else window)
