"""API routes for the lactation app, mounted by firsttouch/api/api.py.

Sessions are the caller's own (a partner's token gets 404 like another family's), and every
session in a response carries ``red_flags``: a client cannot show a session without them.
"""

# No ``from __future__ import annotations``: ninja reads the annotations at run time.

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from firsttouch.api.kit.idempotency import idempotent
from firsttouch.api.kit.paging import ListParams, page, page_of
from firsttouch.api.kit.resource import apply_fields, partial_schema
from firsttouch.api.kit.responses import ERRORS, INPUT_ERRORS, WRITE_ERRORS
from firsttouch.api.kit.schemas import RecordOut
from firsttouch.core.http import FamilyRequest
from firsttouch.massage.models import Massager, Tool

from . import services
from .content import guide
from .models import LactationSession, Redness, Side, Technique
from .red_flags import RedFlag

router = Router(tags=["lactation"])


class RedFlagOut(Schema):
    code: str
    urgency: Literal["same_day", "urgent"]
    message: str
    source: str


class LactationSessionIn(Schema):
    side: Side
    started_at: datetime | None = Field(None, description="Defaults to now.")
    minutes: Annotated[int, Field(ge=1, le=120)] = 5
    technique: Technique = Technique.CIRCLES
    tool: Tool = Tool.HANDS
    massager: int | None = Field(None, description="Your family's wand (id), for tool=wand.")
    wand_head: Annotated[str, Field(max_length=60)] = ""
    vibration: Annotated[str, Field(max_length=20)] = ""
    fullness: Annotated[int, Field(ge=0, le=3, description="0 soft to 3 very full")] = 1
    lump: bool = False
    lump_location: Annotated[str, Field(max_length=120)] = ""
    lump_hours: Annotated[int, Field(ge=0, le=720)] | None = None
    pain: Annotated[int, Field(ge=0, le=10)] = 0
    redness: Redness = Redness.NONE
    hot_area: bool = False
    temperature_c: (
        Annotated[Decimal, Field(ge=34, le=43, max_digits=3, decimal_places=1)] | None
    ) = None
    let_down: bool = False
    very_unwell: bool = Field(False, description="Feeling very unwell or flu-like.")
    pus_or_blood: bool = Field(False, description="Pus or blood from the nipple.")
    notes: Annotated[str, Field(max_length=2000)] = ""


LactationSessionPatch = partial_schema(LactationSessionIn, "LactationSessionPatch")


class LactationSessionOut(RecordOut, LactationSessionIn):
    started_at: datetime
    updated_at: datetime
    red_flags: list[RedFlagOut]


LactationSessionPage = page_of(LactationSessionOut)


def _body(session: LactationSession, flags: list[RedFlag] | None = None) -> dict[str, Any]:
    if flags is None:
        flags = services.flags_for(session)
    body = {name: getattr(session, name) for name in LactationSessionIn.model_fields}
    body.update(
        id=session.pk,
        massager=session.massager_id,
        created_at=session.created_at,
        updated_at=session.updated_at,
        red_flags=[
            {"code": f.code, "urgency": f.urgency, "message": f.message, "source": f.source}
            for f in flags
        ],
    )
    return body


def _apply(request: FamilyRequest, session: LactationSession, data: dict[str, Any]) -> None:
    if data.get("started_at", ...) is None:
        del data["started_at"]  # null keeps the default: now
    apply_fields(request, session, data, {"massager": Massager})


class SessionFilters(ListParams):
    side: Side | None = Field(None, description="Only this side.")


@router.get(
    "/lactation-sessions",
    response={200: LactationSessionPage, **INPUT_ERRORS},
    summary="List your lactation massage sessions",
    description="Newest first, paginated with limit and offset.",
)
def list_sessions(request: FamilyRequest, filters: Query[SessionFilters]) -> dict[str, Any]:
    rows = services.own_sessions(request.user)
    if filters.side is not None:
        rows = rows.filter(side=filters.side)
    found = list(rows[filters.offset : filters.offset + filters.limit])
    flags = services.flags_for_many(request.user, found)
    return page(request, filters, rows.count(), [_body(s, flags[s.pk]) for s in found])


@router.post(
    "/lactation-sessions",
    response={201: LactationSessionOut, **WRITE_ERRORS},
    summary="Log a lactation massage session",
    description="The response carries `red_flags`: show them before anything else. "
    "Send an `Idempotency-Key` header to make retries safe.",
)
def create_session(request: FamilyRequest, payload: LactationSessionIn) -> HttpResponse:
    def make() -> tuple[int, str]:
        session = LactationSession(user=request.user)
        _apply(request, session, payload.model_dump(exclude_unset=True))
        body = _body(services.save_session(session))
        return 201, LactationSessionOut.model_validate(body).model_dump_json()

    return idempotent(request, make)


@router.get(
    "/lactation-sessions/{id}",
    response={200: LactationSessionOut, **INPUT_ERRORS},
    summary="Read a lactation massage session",
)
def read_session(request: FamilyRequest, id: int) -> dict[str, Any]:
    return _body(services.get_own_or_404(request.user, id))


@router.patch(
    "/lactation-sessions/{id}",
    response={200: LactationSessionOut, **WRITE_ERRORS},
    summary="Change a lactation massage session",
    description="Changes only the fields sent.",
)
def update_session(
    request: FamilyRequest,
    id: int,
    payload: LactationSessionPatch,  # type: ignore[valid-type]
) -> dict[str, Any]:
    session = services.get_own_or_404(request.user, id)
    sent = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    _apply(request, session, sent)
    return _body(services.save_session(session))


@router.delete(
    "/lactation-sessions/{id}",
    response={204: None, **INPUT_ERRORS},
    summary="Delete a lactation massage session",
)
def delete_session(request: FamilyRequest, id: int) -> HttpResponse:
    services.get_own_or_404(request.user, id).delete()
    return HttpResponse(status=204)


class GuideStep(Schema):
    title: str
    text: str
    source: str


class GuideLine(Schema):
    text: str
    source: str


class GuideSource(Schema):
    id: str
    title: str


class GuideOut(Schema):
    title: str
    intro: str
    steps: list[GuideStep]
    aftercare: list[GuideLine]
    notes: list[GuideLine]
    warnings: list[GuideLine]
    sources: list[GuideSource]


@router.get(
    "/lactation-guide",
    response={200: GuideOut, **ERRORS},
    summary="The gentle breast massage guide, with source ids",
)
def lactation_guide(request: FamilyRequest) -> dict[str, Any]:
    return guide().model_dump()
