"""The error responses each kind of route documents, so OpenAPI lists what a client can get.

Every route behind auth can answer 401 (no or a bad credential), 403 (no family, CSRF) and 404
(an id that is not yours); a route that reads a body or query parameters can also answer 422.
"""

from __future__ import annotations

from typing import Any

from .errors import ErrorOut

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# For routes with a body or query parameters: bad input is a 422 with ``fields``.
INPUT_ERRORS: dict[int, Any] = {**ERRORS, 422: ErrorOut}
WRITE_ERRORS = INPUT_ERRORS
