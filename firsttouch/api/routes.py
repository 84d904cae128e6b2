"""Routes that are not family-owned rows: API tokens and the read-only routine library."""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from ninja import Router

from firsttouch.accounts import throttle
from firsttouch.accounts.models import ApiToken
from firsttouch.accounts.token_login import checked_password
from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest
from firsttouch.core.scoping import get_scoped_or_404
from firsttouch.massage.content import Routine, library
from firsttouch.massage.services import suggest_routines

from .kit.errors import ErrorOut
from .kit.responses import ERRORS, INPUT_ERRORS, THROTTLED_ERRORS, THROTTLED_OPENAPI
from .schemas import Credentials, Token

TOKEN_NAME = "API token"

auth_router = Router(tags=["auth"])
routines_router = Router(tags=["routines"])


@auth_router.post(
    "/token",
    auth=None,
    response={
        201: Token,
        400: ErrorOut,
        401: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        **THROTTLED_ERRORS,
    },
    openapi_extra=THROTTLED_OPENAPI,
    operation_id="create_token",
    summary="Get an API token",
    description="Exchanges an e-mail address and password for a personal API "
    "token (listed on the settings page, where it can be revoked). "
    "Attempts are throttled like the log-in page: per account and per "
    "address, answering 429 with Retry-After (seconds).",
)
def create_token(request: HttpRequest, payload: Credentials) -> JsonResponse:
    attempt, user = checked_password(request, payload.username, payload.password)
    throttle.succeeded(attempt)
    _, raw = ApiToken.issue(user, TOKEN_NAME)
    return JsonResponse({"token": raw}, status=201)


@routines_router.get(
    "",
    response={200: list[Routine], **INPUT_ERRORS},
    operation_id="list_routines",
    summary="List massage routines",
    description="The whole library, or with `baby` the routines suggested "
    "for that baby now: by corrected age, the bedtime routine "
    "first near the usual bedtime.",
)
def list_routines(request: FamilyRequest, baby: int | None = None) -> list[Routine]:
    if baby is None:
        return list(library().routines)
    return suggest_routines(get_scoped_or_404(Baby, request.family, pk=baby))


@routines_router.get(
    "/{slug}",
    response={200: Routine, **ERRORS},
    operation_id="get_routine",
    summary="Read a massage routine",
)
def get_routine(request: FamilyRequest, slug: str) -> Routine:
    routine = library().get(slug)
    if routine is None:
        raise Http404("No such routine.")
    return routine
