"""Keeps the API's one error shape for the answers Django and ninja give outside our handlers.

An unknown path under /api/ is Django's HTML 404, and a method a route does not have is
ninja's plain-text 405. A client should parse one shape whatever went wrong, so those bodies
are replaced by ``{"error": {...}}`` (headers such as ``Allow`` are kept).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib.messages.middleware import MessageMiddleware
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from .kit.errors import CODES, NUL_REFUSED, error_body, too_large_message

API_PREFIX = "/api/"

MESSAGES = {
    404: "There is no such API route. The routes are listed at /api/v1/docs.",
    405: "This route does not take that method. The Allow header lists the ones it takes.",
}


class ApiErrorShapeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in MESSAGES
            and request.path.startswith(API_PREFIX)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status = response.status_code
            response.content = json.dumps(error_body(CODES[status], MESSAGES[status])).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
        return response


class PageMessageMiddleware(MessageMiddleware):
    """Django's messages ("Saved.", "Sleep deleted, undo?") for pages only.

    The API never shows a message; setting up the storage (a signed-cookie reader and the
    session's) was a few per cent of every API call's CPU. An API view that tried to add one
    would fail loudly (``MessageFailure``), not lose it.
    """

    def process_request(self, request: HttpRequest) -> None:
        if not request.path.startswith(API_PREFIX):
            super().process_request(request)


def _has_nul(value: Any) -> bool:
    """A NUL anywhere in a parsed JSON document's strings (keys too)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


def nul_in_request(request: HttpRequest) -> bool:
    """Whether the path, the query or a text body carries a NUL character.

    PostgreSQL cannot store NUL in text (the insert fails, a 500) while SQLite stores it, so
    both engines refuse it here, before any view. In a multipart body only the text fields
    are looked at: an uploaded file may be binary, and its view reads it.
    """
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return b"%00" in request.body or b"\x00" in request.body
    if content_type == "application/json" or content_type.endswith("+json"):
        body = request.body
        if b"\x00" in body:
            return True
        # The escape is cheap to look for; parse only when it is there (it may be escaped text).
        if b"\\u0000" not in body:
            return False
        try:
            return _has_nul(json.loads(body))
        except (ValueError, RecursionError):
            return False  # not JSON (or too deep to walk): the view answers that
    if content_type == "multipart/form-data":
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.POST.lists()
        )
    return False


class InputGuardMiddleware:
    """Refuses what no view can handle: NUL characters (400) and bodies over the limit (413).

    Django raises ``RequestDataTooBig`` where the body is first read; read here, the answer is
    the same 413 in the API's one error shape on every route, and a plain sentence on pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            refused = nul_in_request(request)
        except RequestDataTooBig:
            return _refusal(request, 413, "too_large", too_large_message())
        if refused:
            return _refusal(request, 400, "bad_request", NUL_REFUSED)
        return self.get_response(request)


def _refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return HttpResponse(
            json.dumps(error_body(code, message)),
            status=status,
            content_type="application/json; charset=utf-8",
        )
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
