"""The error responses each kind of route documents, so OpenAPI lists what a client can get.

Every route behind auth can answer 400 (a NUL character in the path or the query, refused by
``api.middleware`` before any view: PostgreSQL cannot store one), 401 (no or a bad credential),
403 (no family, CSRF) and 404 (an id that is not yours). A route that reads query parameters or
a typed path parameter (an integer id, a date, a bounded key) can also answer 422. A route that
reads a body can also answer 400 for a body that is not JSON, 413 (the body is over Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE``) and 422. 429 is documented only where a throttle can answer it
(the log-in routes), since the data routes are not rate limited; every 429 says when to try
again in ``Retry-After``, which the schema describes with ``THROTTLED_OPENAPI``.
"""

from __future__ import annotations

from typing import Any

from .errors import ErrorOut

ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# For routes with query or typed path parameters: bad input (``/sleep/abc``) is a 422 with
# ``fields``.
INPUT_ERRORS: dict[int, Any] = {**ERRORS, 422: ErrorOut}
# For routes with a body: it may not parse (400) or be too large (413) before it is validated.
WRITE_ERRORS: dict[int, Any] = {**INPUT_ERRORS, 413: ErrorOut}
# Routes a throttle guards (log-in, token) also answer 429, with Retry-After.
THROTTLED_ERRORS: dict[int, Any] = {429: ErrorOut}
# ninja documents a response's body but not its headers: a throttled route passes this as
# ``openapi_extra`` so its 429 declares Retry-After (merged into the generated response).
THROTTLED_OPENAPI: dict[str, Any] = {
    "responses": {
        429: {
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before trying again (the throttle's "
                    "window ends then).",
                    "schema": {"type": "integer", "minimum": 0},
                }
            }
        }
    }
}
# A PUT that sets a day's row creates it when missing, so it never answers 404.
UPSERT_ERRORS: dict[int, Any] = {k: v for k, v in WRITE_ERRORS.items() if k != 404}
