"""docs/openapi.json is the document the API serves, so every API change shows in review."""

from __future__ import annotations

import io
import json

from django.core.management import call_command
from django.test import Client

from firsttouch.api.openapi import DOCUMENT, REGENERATE, as_text


def test_the_committed_document_is_the_served_one(db) -> None:
    served = Client().get("/api/v1/openapi.json").json()
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert as_text(served) == committed, (
        f"{DOCUMENT} differs from the served /api/v1/openapi.json. If the API change is "
        f"meant, write the document again with `{REGENERATE}` and commit it."
    )


def test_the_document_is_written_reproducibly() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == as_text(json.loads(text))  # sorted keys, indent 2


def test_the_command_writes_what_is_served(db) -> None:
    out = io.StringIO()
    call_command("openapi", output="-", stdout=out)
    assert json.loads(out.getvalue()) == Client().get("/api/v1/openapi.json").json()
    assert out.getvalue() == as_text(json.loads(out.getvalue()))
