"""The EPDS response body as the schema documents it: real times, and the safety block whole."""

from __future__ import annotations

import re
from datetime import datetime

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.wellbeing.api import SafetyOut
from tests.cast import Member

from .epds_answers import with_total

# How every time of the API is written: UTC, milliseconds at most, ``Z``.
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")


def test_epds_times_are_written_like_every_other_time(alice: Member) -> None:
    api = ApiClient(alice)
    body = api.post(
        "/responses", {"instrument": "epds", "answers": with_total(12), "complete": True}
    ).body
    assert UTC_TIME.match(body["started_at"]), body["started_at"]
    assert UTC_TIME.match(body["completed_at"]), body["completed_at"]
    assert datetime.fromisoformat(body["completed_at"]) >= datetime.fromisoformat(
        body["started_at"]
    )
    draft = api.post("/responses", {"instrument": "epds", "answers": {}}).body
    assert draft["completed_at"] is None


def test_the_safety_block_is_exactly_what_safety_out_documents(alice: Member) -> None:
    api = ApiClient(alice)
    body = api.post(
        "/responses", {"instrument": "epds", "answers": with_total(14, item10=2), "complete": True}
    ).body
    safety = body["safety"]
    assert set(safety) == set(SafetyOut.model_fields)
    assert SafetyOut.model_validate(safety).message == safety["message"]
    assert safety["crisis_lines"] or safety["emergency_number"]
