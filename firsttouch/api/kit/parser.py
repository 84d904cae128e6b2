"""Reading a JSON body: every body the API takes is an object, so anything else is a 400.

ninja validates a body schema by attribute, so a list or a number "had" none of the fields: a
body of ``[null, null]`` passed as an empty object and ``PUT /self-care/{date}`` saved a day of
defaults (found by the schema fuzz, tests/test_api_fuzz.py). Refused here, it answers like a
body that is not JSON at all: 400 ``bad_request``, nothing saved.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


class NotAnObject(ValueError):
    """The body is JSON, but not the object every route's schema describes."""


class ObjectBodyParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            # ninja turns any parse error into its 400 (the one error shape via errors.py).
            raise NotAnObject(f"The body must be a JSON object, not {type(data).__name__}.")
        return data
