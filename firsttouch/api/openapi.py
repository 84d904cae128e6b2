"""The committed OpenAPI document (docs/openapi.json), so every API change shows in review.

The file is the served /api/v1/openapi.json written reproducibly: keys sorted, indented by 2,
ending in a newline. ``firsttouch openapi`` (or ``make openapi``) writes it again;
``firsttouch/api/tests/test_openapi_document.py`` fails while the two differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DOCUMENT = Path(__file__).resolve().parent.parent.parent / "docs" / "openapi.json"
REGENERATE = "make openapi  (or: firsttouch openapi)"


def as_text(schema: Any) -> str:
    """The one spelling of a schema: the same document always gives the same bytes."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def current() -> str:
    """The document the API serves now."""
    from ninja.responses import NinjaJSONEncoder

    from .api import api  # the assembly imports every app's router: only when asked

    # Through the encoder the served document uses, so both hold the same values.
    return as_text(json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder)))
