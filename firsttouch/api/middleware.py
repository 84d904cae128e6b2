"""Keeps the API's one error shape for the answers Django and ninja give outside our handlers.

An unknown path under /api/ is Django's HTML 404, and a method a route does not have is
ninja's plain-text 405. A client should parse one shape whatever went wrong, so those bodies
are replaced by ``{"error": {...}}`` (headers such as ``Allow`` are kept).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .kit.errors import CODES, error_body

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
