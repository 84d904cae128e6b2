"""Schemathesis over the whole published API schema: no input may answer 5xx (issue 10).

Every operation of ``/api/v1/openapi.json`` is one test (pytest-xdist spreads them), fuzzed
in-process through Django's WSGI handler with a real bearer token of Alice, whose family has a
baby, a massager and entries, so that generated ids sometimes name a real row. All of
schemathesis's checks run; the few left out are named below with the reason.

The staff routes (``/staff/...``) are fuzzed twice: as Alice, who is staff of no organisation
(every one must answer 401, 404 or 422 in the one error shape), and as an org admin with a staff
token, a few alerts, a course and a closed study, so that generated small ids sometimes reach
them. Their behaviour is tested in ``programs/tests/test_staff_api.py`` and beside it, and in
the courses' and studies' ``tests/test_staff_api.py``.

The run is reproducible: a fixed seed and a fixed number of examples per operation
(``FIRSTTOUCH_FUZZ_EXAMPLES``, see docs/api.md for a longer run).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, cast

import jsonschema
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection

from firsttouch.accounts.models import ApiToken
from firsttouch.api.api import api
from firsttouch.courses import services as course_services
from firsttouch.courses.models import Course, CourseSession
from firsttouch.massage.models import Massager
from firsttouch.portability import babybuddy
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, AlertKind, Organisation, StaffRole
from firsttouch.studies import services as study_services
from firsttouch.studies.tests.helpers import make_recruiting_study
from firsttouch.tracking.models import Feed, Nappy, Note, Sleep
from tests.cast import Member, make_baby
from tests.staff import device_for, make_staff

# Examples per operation and phase. The budget is CI's: 100 operations at 20 take about 70 s of
# one core (5: 53 s, 60: 145 s; the coverage phase's fixed cases are about 22 s of it), so on
# SQLite's two workers the module adds about 35 s, and as much again on PostgreSQL, which CI
# runs beside it. Raise it locally for a deeper run (docs/api.md).
EXAMPLES = int(os.environ.get("FIRSTTOUCH_FUZZ_EXAMPLES", "20"))
SEED = int(os.environ.get("FIRSTTOUCH_FUZZ_SEED", "20261202"))

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True},
        # Stateful links are not declared in the schema; each operation is fuzzed on its own.
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            # Left out: a body the schema allows may still break a domain rule that JSON Schema
            # cannot state (an end after its start, no overlap with another sleep, a time after
            # the baby's birth and in 1900-2200, a questionnaire that exists, ...). The model's
            # clean() refuses it with 422 and the same sentence as the web form, on purpose.
            # Every other check runs, negative_data_rejection included.
            "positive_data_acceptance": {"enabled": False},
            # Replaced by negative_data_rejection_but_lax_scalars below.
            "negative_data_rejection": {"enabled": False},
        },
    }
)
SPEC: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), default=str))
SCHEMA = schemathesis.openapi.from_dict(SPEC, config=CONFIG)
COMPONENTS: dict[str, Any] = SPEC["components"]["schemas"]

# pydantic's lax mode, which ninja validates bodies with: these texts are booleans, and a
# number that says the same value is read as its type (``"5"`` or ``5.0`` as 5, ``0`` as false).
LAX_TRUE = {"1", "on", "t", "true", "y", "yes"}
LAX_FALSE = {"0", "off", "f", "false", "n", "no"}
NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _lax_scalar(value: Any, kind: str) -> Any:
    if kind == "boolean":
        text = str(value).strip().lower() if not isinstance(value, bool) else None
        if value in (0, 1) or text in LAX_TRUE | LAX_FALSE:
            return value in (1, True) or text in LAX_TRUE
    if kind in ("integer", "number") and not isinstance(value, dict | list | None):
        if isinstance(value, str) and not NUMBER.fullmatch(value):
            return value
        number = float(value)
        if kind == "number":
            return number
        return int(number) if number.is_integer() else value
    return value


def _as_pydantic_reads(value: Any, schema: dict[str, Any]) -> Any:
    """The value as pydantic's lax mode reads it for this schema (as far as JSON can say)."""
    schema = _resolve(schema)
    for option in schema.get("anyOf", []):
        read = _as_pydantic_reads(value, option)
        if jsonschema.Draft202012Validator(_resolve(option)).is_valid(read):
            return read
    if isinstance(value, dict) and "properties" in schema:
        props = schema["properties"]
        return {k: _as_pydantic_reads(v, props[k]) if k in props else v for k, v in value.items()}
    if isinstance(value, list) and "items" in schema:
        return [_as_pydantic_reads(item, schema["items"]) for item in value]
    return _lax_scalar(value, schema.get("type", ""))


def _valid_once_read_laxly(case: schemathesis.Case) -> bool:
    """A negative body that is valid once read the way pydantic reads it: not a violation."""
    meta = case.meta
    if meta is None or any(
        info.mode.is_negative
        for location, info in meta.components.items()
        if location.name.lower() != "body"
    ):
        return False
    content = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    body_schema = content.get("application/json", {}).get("schema")
    if body_schema is None or not isinstance(case.body, dict):
        return False
    document = {**body_schema, "components": SPEC["components"]}
    return jsonschema.Draft202012Validator(document).is_valid(
        _as_pydantic_reads(case.body, body_schema)
    )


@schemathesis.check
def negative_data_rejection_but_lax_scalars(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """schemathesis's negative_data_rejection, except for pydantic's documented lax reading.

    ``{"social": 0}`` is read as false and ``{"mood": "3"}`` as 3 (docs/api.md, "Types"): the
    API accepts what means the same thing. Anything else schema-violating must be refused.
    """
    if _valid_once_read_laxly(case):
        return None
    return negative_data_rejection(ctx, response, case)


class QuietWSGIApp:
    """Django's own WSGI handler, minus the connection reset at each request's start and end.

    A real server closes a connection whose transaction was left open; in a test, that open
    transaction is the test's own (rolled back at its end), so the reset would close it
    under the test. Django's test client makes the same exception.
    """

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with _without_connection_reset():
            response = self.handler(environ, start_response)
            try:
                # Read (and close, which sends request_finished) while the reset is off.
                body = b"".join(cast(Iterable[bytes], response))
            finally:
                response.close()
        return [body]


@contextmanager
def _without_connection_reset() -> Iterator[None]:
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# As ``from_wsgi`` would: every request, the checks' own probes included, goes to the app.
SCHEMA.app = QuietWSGIApp()


@pytest.fixture
def token(alice: Member) -> str:
    """Alice's key, with a baby and a few rows that small generated ids may name.

    Each operation is one test in its own rolled-back transaction: what one operation's cases
    delete or change (the baby, an entry) is back for the next operation.
    """
    mia = make_baby(alice.family, "Mia", age_days=60)
    now = timezone.now()
    Massager.objects.create(family=alice.family, vibration_levels=["off", "low"])
    Sleep.objects.create(baby=mia, start=now - timedelta(hours=3), end=now - timedelta(hours=2))
    Feed.objects.create(baby=mia, start=now - timedelta(minutes=10), kind="breast", side="left")
    Note.objects.create(baby=mia, time=now - timedelta(hours=1), notes="First smile")
    Nappy.objects.create(baby=mia, time=now - timedelta(hours=1), wet=True)
    _, raw = ApiToken.issue(alice.user, "Fuzz")
    return raw


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fuzzed Baby Buddy address must never leave the machine: every lookup fails (the
    import answers "Could not reach ..."), and a connection, were one tried, too."""

    def refuse_lookup(host: str, port: int) -> list[babybuddy.Target]:
        raise babybuddy.Unreachable(f"{host} is not looked up in tests")

    def refuse_connection(target: babybuddy.Target, timeout: float) -> Any:
        raise OSError("no connection in tests")

    monkeypatch.setattr(babybuddy, "resolve", refuse_lookup)
    monkeypatch.setattr(babybuddy, "connect", refuse_connection)


@SCHEMA.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_input_answers_5xx(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})


# The staff routes as staff: the nurse's organisation and alerts are the first rows of a fresh
# database, so small generated ids (1, 2, 3) name them often.
STAFF_SCHEMA = SCHEMA.include(path_regex=r"^/api/v1/staff/organisations/")


@pytest.fixture
def staff_token(alice: Member) -> str:
    """An org admin's staff token (issued after a second factor; admins reach every staff
    route), three alerts of the queue, a course with a session that has met and Alice's
    family enrolled, and a closed study."""
    clinic = Organisation.objects.create(name="Fuzz clinic", contact_email="team@fuzz.test")
    give_consent(alice.user, clinic, {"screenings_mood", "baby_logs", "massage_sessions"})
    nurse = make_staff(clinic, "nurse@fuzz.test", "Nina Nurse", StaffRole.ORG_ADMIN)
    course = Course.objects.create(
        organisation=clinic, title="Fuzz class", starts_on=timezone.localdate()
    )
    start = timezone.now() - timedelta(hours=2)
    CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), place="Hall"
    )
    course_services.enrol(course, alice.family)
    study_services.close_recruitment(make_recruiting_study(clinic))
    device_for(nurse)
    for number in range(3):
        Alert.objects.create(
            organisation=clinic,
            kind=AlertKind.EPDS_HIGH,
            respondent=alice.user,
            family_id=alice.family.pk,
            response_id=number + 1,
            created_at=timezone.now() - timedelta(days=1),
        )
    _, raw = ApiToken.issue(nurse, "Fuzz", second_factor_at=timezone.now())
    return raw


@STAFF_SCHEMA.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_staff_input_answers_5xx(case: schemathesis.Case, staff_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {staff_token}"})
