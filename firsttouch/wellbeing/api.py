"""API routes for questionnaires (instruments) and a mother's responses.

Same conventions as the rest of /api/v1: one error shape, 422 with field messages and nothing
saved on bad input, 404 for anything the caller may not see (another family's response, or a
caregiver's unshared screening), and paginated lists. A completed response carries ``safety``
(the crisis help, or null) before ``score``, so a client that reads top-down shows help first.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from django.db import transaction
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from firsttouch.api.kit.errors import ApiError
from firsttouch.api.kit.idempotency import idempotent, rendered
from firsttouch.api.kit.paging import ListParams, page, page_of
from firsttouch.api.kit.responses import ERRORS, INPUT_ERRORS, WRITE_ERRORS
from firsttouch.core.http import FamilyRequest

from . import fhir, services
from .instruments import Instrument, instruments
from .models import Response

router = Router(tags=["wellbeing"])

FHIR_JSON = "application/fhir+json; fhirVersion=4.0"
BAND_LABELS = {
    "below": "Below the usual screening threshold",
    "possible": "Possible depression: repeat the check in 2-4 weeks and talk to a clinician",
    "probable": "Probable depression: ask for a clinical assessment soon",
}


class InstrumentSummary(Schema):
    id: str
    version: str
    title: str
    short_title: str
    demo: bool
    origin: str
    items: int = Field(description="How many questions.")


InstrumentPage = page_of(InstrumentSummary, "InstrumentPage")


class AnswerOut(Schema):
    link_id: str
    index: int = Field(description="The option chosen, counting from 0 in display order.")
    text: str
    score: int


class ScoreOut(Schema):
    total: int
    max_total: int
    band: str = Field(description='EPDS: "below", "possible" or "probable"; else "".')
    band_label: str = Field(description="A screening result in plain words, not a diagnosis.")
    subscales: dict[str, int]
    anxiety_flag: bool = Field(description="EPDS-3A at or above the anxiety threshold.")
    rose: bool = Field(description="Your score went up by 4 or more since the last one.")
    rise_by: int | None
    previous_total: int | None


class LineOut(Schema):
    name: str
    number: str
    call: bool = Field(description="Takes phone calls.")
    text: bool = Field(description="Takes text messages.")
    tel: str | None = Field(description="A tel: link when it takes calls.")
    sms: str | None = Field(description="An sms: link when it takes texts.")
    hours: str
    note: str
    source: str = Field(
        description="Where the number comes from: published (the shipped defaults) or deployment."
    )


class SafetyOut(Schema):
    """The crisis help a client shows first, before any score, whenever EPDS item 10 > 0."""

    message: str = Field(description="Say this first, as it is.")
    country: str = Field(description='The country the lines are for ("" for the default).')
    emergency_number: str | None = Field(description="The local emergency number.")
    emergency_tel: str | None = Field(description="A tel: link for the emergency number.")
    emergency_advice: str
    crisis_lines: list[LineOut] = Field(description="Crisis lines, open now or at all hours.")
    support_lines: list[LineOut]


class ResponseOut(Schema):
    id: int
    instrument: str
    instrument_version: str
    status: str
    mine: bool = Field(description="You answered it (others see it only when shared).")
    safety: SafetyOut | None = Field(
        description="Crisis help to show first when a safety item (EPDS item 10) scored above "
        "0; null otherwise."
    )
    score: ScoreOut | None = Field(description="Null for a draft: drafts are never scored.")
    started_at: datetime
    completed_at: datetime | None
    shared_with_family: bool
    answers: list[AnswerOut]


ResponsePage = page_of(ResponseOut)


def _option_number(value: Any) -> Any:
    """Refuse anything but a JSON integer before pydantic's lax mode turns it into one.

    Lax validation reads ``true`` as 1, ``false`` as 0 and ``"1"`` as 1: a client that sent a
    boolean would have had it stored and scored as an answer. Only the documented type counts.
    """
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise PydanticCustomError(
        "answer_not_integer",
        "An answer is the number of the option chosen, a JSON integer counting from 0; "
        "{got} is not one.",
        {"got": json.dumps(value)},
    )


OptionIndex = Annotated[int | None, BeforeValidator(_option_number)]
Answers = dict[str, OptionIndex]
ANSWERS_HELP = (
    "{item link id: option index from 0}. JSON integers only: true, false, strings such as "
    '"1" and decimals are refused with 422 and nothing is saved.'
)


class ResponseIn(Schema):
    instrument: str = Field(description='An instrument id from /instruments, e.g. "epds".')
    answers: Answers = Field(default_factory=dict, description=ANSWERS_HELP)
    complete: bool = Field(False, description="Finish and score now (every item answered).")
    shared_with_family: bool = False


class ResponsePatch(Schema):
    answers: Answers | None = Field(
        None, description=f"Merged in; null for an item clears it. {ANSWERS_HELP}"
    )
    shared_with_family: bool | None = None


class ResponseFilters(ListParams):
    instrument: str | None = None
    status: str | None = None


def _score(response: Response, instrument: Instrument | None) -> dict[str, Any] | None:
    if not response.is_complete or response.total is None:
        return None
    flags = response.flags
    return {
        "total": response.total,
        "max_total": instrument.max_score if instrument else 0,
        "band": response.band,
        "band_label": BAND_LABELS.get(response.band, ""),
        "subscales": response.subscales,
        "anxiety_flag": bool(flags.get("anxiety")),
        "rose": bool(flags.get("rise")),
        "rise_by": flags.get("rise_by"),
        "previous_total": flags.get("previous_total"),
    }


def body(response: Response, viewer_id: int) -> dict[str, Any]:
    from . import safety

    found = safety.safety_for(response)
    return {
        "id": response.pk,
        "instrument": response.instrument_id,
        "instrument_version": response.instrument_version,
        "status": response.status,
        "mine": response.respondent_id == viewer_id,
        "safety": found.as_dict() if found is not None else None,
        "score": _score(response, response.instrument()),
        "started_at": response.started_at,
        "completed_at": response.completed_at,
        "shared_with_family": response.shared_with_family,
        "answers": response.answers,
    }


def _visible(request: FamilyRequest, id: int) -> Response:
    try:
        return services.visible_responses(request.user, request.family).get(pk=id)
    except Response.DoesNotExist as exc:
        raise Http404("No response matches.") from exc


def _own(request: FamilyRequest, id: int) -> Response:
    response = _visible(request, id)
    if response.respondent_id != request.user.pk:
        raise ApiError(403, "Only the person who answered can change this.")
    return response


@router.get(
    "/instruments",
    response={200: InstrumentPage, **INPUT_ERRORS},
    operation_id="list_instruments",
    summary="List questionnaires",
)
def list_instruments(request: FamilyRequest, params: Query[ListParams]) -> dict[str, Any]:
    found = instruments().all()
    rows = [
        {
            "id": i.id,
            "version": i.version,
            "title": i.title,
            "short_title": i.short_title,
            "demo": i.demo,
            "origin": i.origin,
            "items": len(i.items),
        }
        for i in found[params.offset : params.offset + params.limit]
    ]
    return page(request, params, len(found), rows)


def _instrument(id: str) -> Instrument:
    found = instruments().get(id)
    if found is None:
        raise Http404("No questionnaire matches.")
    return found


@router.get(
    "/instruments/{id}",
    response={200: Instrument, **ERRORS},
    operation_id="get_instrument",
    summary="Read a questionnaire",
    description="Items with their answers in display order, each answer's score, "
    "subscales and the citation to show with it.",
)
def get_instrument(request: FamilyRequest, id: str) -> Instrument:
    return _instrument(id)


@router.get(
    "/instruments/{id}/fhir",
    response={200: dict[str, Any], **ERRORS},
    operation_id="get_instrument_fhir",
    summary="A questionnaire as FHIR R4",
)
def get_instrument_fhir(request: FamilyRequest, id: str) -> HttpResponse:
    data = fhir.to_fhir_questionnaire(_instrument(id))
    return HttpResponse(json.dumps(data), content_type=FHIR_JSON)


@router.post(
    "/responses",
    response={201: ResponseOut, **WRITE_ERRORS},
    operation_id="create_response",
    summary="Start or submit a questionnaire",
    description="Saves a draft, or with `complete: true` scores it at once. A draft is "
    "never scored; completing needs every required item answered. Send an "
    "`Idempotency-Key` header to make retries safe: the same key returns the first "
    "response and creates nothing new.",
)
def create_response(request: FamilyRequest, payload: ResponseIn) -> HttpResponse:
    def make() -> tuple[int, str]:
        response = services.submit(
            request.user,
            request.family,
            payload.instrument,
            payload.answers,
            finish=payload.complete,
            shared_with_family=payload.shared_with_family,
        )
        return 201, rendered(ResponseOut, body(response, request.user.pk))

    return idempotent(request, make)


@router.get(
    "/responses",
    response={200: ResponsePage, **INPUT_ERRORS},
    operation_id="list_responses",
    summary="List responses you may see",
    description="Yours, and the completed ones other caregivers shared with the family.",
)
def list_responses(request: FamilyRequest, filters: Query[ResponseFilters]) -> dict[str, Any]:
    rows = services.visible_responses(request.user, request.family)
    if filters.instrument:
        rows = rows.filter(instrument_id=filters.instrument)
    if filters.status:
        rows = rows.filter(status=filters.status)
    found = rows[filters.offset : filters.offset + filters.limit]
    return page(request, filters, rows.count(), [body(r, request.user.pk) for r in found])


@router.get(
    "/responses/{id}",
    response={200: ResponseOut, **INPUT_ERRORS},
    operation_id="get_response",
    summary="Read a response",
)
def get_response(request: FamilyRequest, id: int) -> dict[str, Any]:
    return body(_visible(request, id), request.user.pk)


@router.patch(
    "/responses/{id}",
    response={200: ResponseOut, **WRITE_ERRORS},
    operation_id="update_response",
    summary="Change a draft, or its sharing",
)
def update_response(request: FamilyRequest, id: int, payload: ResponsePatch) -> dict[str, Any]:
    with transaction.atomic():
        response = _own(request, id)
        if payload.answers is not None:
            services.save_answers(response, payload.answers)
        if payload.shared_with_family is not None:
            services.set_shared(response, payload.shared_with_family)
    return body(response, request.user.pk)


@router.post(
    "/responses/{id}/complete",
    response={200: ResponseOut, **WRITE_ERRORS},
    operation_id="complete_response",
    summary="Finish and score a draft",
)
def complete_response(request: FamilyRequest, id: int) -> HttpResponse:
    def finish() -> tuple[int, str]:
        response = services.complete(_own(request, id))
        return 200, rendered(ResponseOut, body(response, request.user.pk))

    return idempotent(request, finish)


@router.get(
    "/responses/{id}/fhir",
    response={200: dict[str, Any], **INPUT_ERRORS},
    operation_id="get_response_fhir",
    summary="A response as a FHIR Bundle",
    description="The mother as a Patient (the subject and author of the response, the "
    "subject and performer of the scores), the Questionnaire it answers (its url is the "
    "response's questionnaire canonical), the QuestionnaireResponse and, once complete, "
    "Observations for the total and subscales (derivedFrom the response).",
)
def get_response_fhir(request: FamilyRequest, id: int) -> HttpResponse:
    data = fhir.to_fhir_bundle(_visible(request, id))
    return HttpResponse(json.dumps(data), content_type=FHIR_JSON)
