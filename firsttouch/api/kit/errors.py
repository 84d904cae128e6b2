"""The one error shape of the API, and the handlers that turn every failure into it.

Every error body is ``{"error": {"code", "message", "fields"?}}``: a client needs one parser,
and ``message`` is a sentence it can show as it is. ``fields`` maps an input field to its
messages and is present on validation errors (422).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "throttled",
}
CHECK_FIELDS = "Some fields need attention: see fields."
TOO_LARGE = "The request is too large. Send less at once (at most {size} MB)."
NUL_REFUSED = "The request contains a NUL character (\\u0000), which text cannot hold."


def too_large_message() -> str:
    size = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / (1024 * 1024)
    return TOO_LARGE.format(size=f"{size:g}")


class ErrorDetail(Schema):
    code: str = Field(description="Stable, machine-readable: not_found, invalid, throttled...")
    message: str = Field(description="A sentence to show to the person using the app.")
    fields: dict[str, list[str]] | None = Field(
        None, description="Messages per input field; only on validation errors (422)."
    )


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(HttpError):
    """An error with its own code (and field messages) that handlers render in the one shape."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(status, message)
        self.code = code or CODES.get(status, "error")
        self.fields = fields


class NoFamily(ApiError):
    """The user logged in but belongs to no family (removed, or never joined)."""

    def __init__(self) -> None:
        super().__init__(
            403,
            "Your account is not part of a family. Ask a caregiver for a new "
            "invitation, or sign up again.",
            "no_family",
        )


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    detail: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        detail["fields"] = fields
    return {"error": detail}


def fields_from_django(exc: DjangoValidationError) -> tuple[str, dict[str, list[str]]]:
    """Split a model's ValidationError into a message and per-field messages.

    Errors that belong to no field (an overlapping sleep, a timer already running) become the
    message, since they are about the entry as a whole.
    """
    if hasattr(exc, "error_dict"):
        by_field = {k: list(v) for k, v in exc.message_dict.items()}
    else:
        by_field = {NON_FIELD_ERRORS: list(exc.messages)}
    general = by_field.pop(NON_FIELD_ERRORS, [])
    return (" ".join(general) or CHECK_FIELDS), by_field


def fields_from_pydantic(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Name each input error by its field: ``["body", "payload", "start"]`` becomes ``start``."""
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        # Drop where it came from (body/query/path) and ninja's parameter name.
        if loc and loc[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
            loc = loc[2:] if loc[0] == "body" and len(loc) > 1 else loc[1:]
        name = ".".join(loc) or NON_FIELD_ERRORS
        message = str(err.get("msg", "Invalid value."))
        # Our own validators' sentences, without pydantic's "Value error, " in front.
        fields.setdefault(name, []).append(message.removeprefix("Value error, "))
    return fields


def install(api: NinjaAPI) -> None:
    """Register the handlers; ninja picks the most specific class for each exception."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status_code, error_body(exc.code, exc.message, exc.fields))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 403 and "CSRF" in message:
            return respond(
                request,
                403,
                error_body(
                    "csrf_failed",
                    "The CSRF check failed. Send the csrftoken cookie's value in "
                    "an X-CSRFToken header, or use an API token.",
                ),
            )
        return respond(
            request, exc.status_code, error_body(CODES.get(exc.status_code, "error"), message)
        )

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request,
            401,
            error_body(
                "not_authenticated",
                "Log in, or send a valid API token as 'Authorization: Bearer <token>'.",
            ),
        )

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = respond(
            request, 429, error_body("throttled", "Too many requests. Wait and try again.")
        )
        if exc.wait is not None:  # every 429 says when to come back, as the schema promises
            response["Retry-After"] = str(max(0, int(exc.wait)))
        return response

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(
            request,
            404,
            error_body(
                "not_found", "Not found. It may have been deleted, or it is not your family's."
            ),
        )

    def on_bad_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(
            request, 422, error_body("invalid", CHECK_FIELDS, fields_from_pydantic(exc.errors))
        )

    def on_model_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        message, fields = fields_from_django(exc)
        return respond(request, 422, error_body("invalid", message, fields))

    def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # Django raises it when the body is read (DATA_UPLOAD_MAX_MEMORY_SIZE), in the view.
        return respond(request, 413, error_body("too_large", too_large_message()))

    def on_form_body(request: HttpRequest, exc: RawPostDataException) -> HttpResponse:
        # A form post (multipart) to a route that reads JSON: the input guard has read the
        # form's fields looking for NUL characters, and Django then keeps the raw body from
        # ninja. It was a form, not the JSON the route takes (was a 500).
        return respond(
            request,
            400,
            error_body(
                "bad_request",
                "Send the body as JSON (Content-Type: application/json), not as a form.",
            ),
        )

    def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(
            request,
            500,
            error_body("server_error", "Something went wrong on the server. Try again later."),
        )

    api.add_exception_handler(ApiError, on_api_error)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http_error)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, on_unauthenticated)  # type: ignore[arg-type]
    api.add_exception_handler(Throttled, on_throttled)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, on_not_found)  # type: ignore[arg-type]
    api.add_exception_handler(NinjaValidationError, on_bad_input)  # type: ignore[arg-type]
    api.add_exception_handler(DjangoValidationError, on_model_error)  # type: ignore[arg-type]
    api.add_exception_handler(RequestDataTooBig, on_too_large)  # type: ignore[arg-type]
    api.add_exception_handler(RawPostDataException, on_form_body)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, on_crash)  # type: ignore[arg-type]
