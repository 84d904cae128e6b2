"""Issue 10, defect 7: inputs that answered 500 answer 4xx in the one shape, and change nothing.

Each test is named after the input that used to crash. Routes are walked from the published
schema (as in test_every_route), so a route added later is covered the day it is added.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from firsttouch.babies.models import Baby
from firsttouch.lactation.models import LactationSession
from firsttouch.reminders.models import ReminderSettings
from firsttouch.selfcare.models import MoodEntry
from firsttouch.tracking.models import Crying, Feed, Nappy, Note, Sleep

from .helpers import ApiClient, ago, iso
from .test_every_route import (
    LISTS,
    OPERATIONS,
    assert_error_shape,
    ids,
    json_body,
    params,
    resolve,
    sample,
    url,
)

BIG = 2**63
# The first of these could not be converted to UTC (year 0 does not exist); the second is
# past PostgreSQL's and SQLite's handling once converted.
EXTREME_TIMES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31T12:00:00Z"]

WITH_INT_IDS = [
    o
    for o in OPERATIONS
    if any(resolve(p["schema"]).get("type") == "integer" for p in params(o[2], "path"))
]
ENTRY_LISTS = [o for o in LISTS if any(p["name"] == "since" for p in params(o[2], "query"))]
BABY_LISTS = [o for o in LISTS if any(p["name"] == "baby" for p in params(o[2], "query"))]


def big_id_url(path: str, op: dict[str, Any]) -> str:
    for param in params(op, "path"):
        if resolve(param["schema"]).get("type") == "integer":
            path = path.replace("{" + param["name"] + "}", str(BIG))
    return url(path, op)


def assert_refused(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status in statuses, (response.status, response.body)
    return assert_error_shape(response.body)


@pytest.mark.parametrize(("path", "method", "op"), WITH_INT_IDS, ids=ids(WITH_INT_IDS))
def test_an_id_of_2_to_the_63_is_404_or_422_on_every_route(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    response = api.request(method.upper(), big_id_url(path, op), {} if method != "get" else None)
    assert_refused(response, 404, 422)


@pytest.mark.parametrize(("path", "method", "op"), LISTS, ids=ids(LISTS))
def test_an_offset_of_2_to_the_63_is_422_on_every_list(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    error = assert_refused(api.get(f"{url(path, op)}?offset={BIG}"), 422)
    assert "offset" in error["fields"]


@pytest.mark.parametrize(("path", "method", "op"), BABY_LISTS, ids=ids(BABY_LISTS))
def test_a_baby_filter_of_2_to_the_63_is_422(
    api: ApiClient, path: str, method: str, op: dict[str, Any]
) -> None:
    error = assert_refused(api.get(f"{url(path, op)}?baby={BIG}"), 422)
    assert "baby" in error["fields"]


def test_a_baby_of_2_to_the_63_in_a_body_is_404_and_saves_nothing(api: ApiClient, mia) -> None:
    assert_refused(api.post("/nappies", {"baby": BIG, "wet": True}), 404, 422)
    assert not Nappy.objects.exists()


@pytest.mark.parametrize("moment", EXTREME_TIMES)
@pytest.mark.parametrize(("path", "method", "op"), ENTRY_LISTS, ids=ids(ENTRY_LISTS))
def test_extreme_since_and_until_are_422(
    api: ApiClient, path: str, method: str, op: dict[str, Any], moment: str
) -> None:
    for name in ("since", "until"):
        error = assert_refused(api.get(url(path, op), {name: moment}), 422)
        assert error["fields"][name], error


@pytest.mark.parametrize("moment", EXTREME_TIMES)
def test_extreme_datetimes_in_bodies_are_422_and_save_nothing(
    api: ApiClient, mia, moment: str
) -> None:
    error = assert_refused(api.post("/nappies", {"baby": mia.pk, "time": moment, "wet": True}), 422)
    assert "time" in error["fields"]
    error = assert_refused(api.post("/sleep", {"baby": mia.pk, "start": moment}), 422)
    assert "start" in error["fields"]
    error = assert_refused(
        api.post("/lactation-sessions", {"side": "left", "started_at": moment}), 422
    )
    assert "started_at" in error["fields"]
    assert not Nappy.objects.exists() and not Sleep.objects.exists()
    assert not LactationSession.objects.exists()


def test_a_patch_to_an_extreme_time_leaves_the_row_as_it_was(api: ApiClient, mia) -> None:
    created = api.post("/nappies", {"baby": mia.pk, "time": iso(ago(hours=1)), "wet": True})
    before = Nappy.objects.get().time
    response = api.patch(f"/nappies/{created.body['id']}", {"time": EXTREME_TIMES[0]})
    assert_refused(response, 422)
    assert Nappy.objects.get().time == before
    assert api.get("/nappies").status == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_self_care_week_in_year_9999_is_422(api: ApiClient, day: str) -> None:
    error = assert_refused(api.get("/self-care/week", {"date": day}), 422)
    assert error["fields"]["date"] == ["Enter a date between the years 1900 and 2200."]


def test_a_day_in_year_1_is_422_on_the_day_routes(api: ApiClient) -> None:
    assert_refused(api.request("PUT", "/mood/0001-01-01", {"mood": 3}), 422)
    assert_refused(api.get("/mood", {"since": "0001-01-01"}), 422)
    assert not MoodEntry.objects.exists()


def test_usual_bedtime_with_a_zone_is_422(api: ApiClient, mia) -> None:
    body = {"name": "Noa", "birth_date": str(mia.birth_date), "usual_bedtime": "19:00:00+02:00"}
    error = assert_refused(api.post("/babies", body), 422)
    assert "without a time zone" in error["fields"]["usual_bedtime"][0]
    assert not Baby.objects.filter(name="Noa").exists()
    response = api.patch(f"/babies/{mia.pk}", {"usual_bedtime": "19:00Z"})
    assert_refused(response, 422)
    mia.refresh_from_db()
    assert mia.usual_bedtime is None


def test_massage_time_with_a_zone_is_422(api: ApiClient, alice) -> None:
    response = api.request("PUT", "/reminder-settings", {"massage_time": "19:30:00+01:00"})
    error = assert_refused(response, 422)
    assert "massage_time" in error["fields"]
    assert not ReminderSettings.objects.filter(massage_time__isnull=False).exists()
    ok = api.request("PUT", "/reminder-settings", {"massage_time": "19:30"})
    assert ok.status == 200, ok.body


@pytest.mark.parametrize("model", [Sleep, Crying, Feed], ids=lambda m: m.KIND)
def test_patch_start_null_on_interval_entries_is_422(api: ApiClient, mia, model) -> None:
    path = {"sleep": "/sleep", "crying": "/crying", "feed": "/feeds"}[model.KIND]
    body: dict[str, Any] = {"baby": mia.pk, "start": iso(ago(hours=2)), "end": iso(ago(hours=1))}
    if model is Feed:
        body["side"] = "left"
    created = api.post(path, body)
    assert created.status == 201, created.body
    error = assert_refused(api.patch(f"{path}/{created.body['id']}", {"start": None}), 422)
    assert error["fields"] == {"start": ["This field cannot be null."]}
    assert model.objects.get().start is not None


def test_lactation_notes_null_is_read_as_blank(api: ApiClient) -> None:
    """The choice for ``{"notes": null}`` on text: blank, as on every other resource."""
    created = api.post("/lactation-sessions", {"side": "left", "notes": "sore"})
    pk = created.body["id"]
    response = api.patch(f"/lactation-sessions/{pk}", {"notes": None})
    assert response.status == 200, response.body
    assert response.body["notes"] == ""
    assert LactationSession.objects.get().notes == ""


def test_a_body_over_2_5_mb_is_413_in_the_one_shape(api: ApiClient, mia) -> None:
    notes = "x" * (3 * 1024 * 1024)
    response = api.post("/notes", {"baby": mia.pk, "notes": notes})
    error = assert_refused(response, 413)
    assert error["code"] == "too_large"
    assert "2.5 MB" in error["message"]
    assert not Note.objects.exists()


def test_nul_bytes_in_json_text_are_refused(api: ApiClient, mia) -> None:
    response = api.post("/notes", {"baby": mia.pk, "notes": "before\x00after"})
    error = assert_refused(response, 400)
    assert "NUL" in error["message"]
    assert not Note.objects.exists()


def test_nul_bytes_in_json_keys_and_lists_are_refused(api: ApiClient, mia) -> None:
    body = {"baby": mia.pk, "signs": ["drooling\x00"], "time": iso(ago(minutes=5))}
    assert_refused(api.post("/teething", body), 400)


def test_an_escaped_backslash_u0000_is_plain_text_and_accepted(api: ApiClient, mia) -> None:
    response = api.post("/notes", {"baby": mia.pk, "notes": "typed \\u0000 as text"})
    assert response.status == 201, response.body
    assert Note.objects.get().notes == "typed \\u0000 as text"


def test_nul_bytes_in_query_strings_are_refused(api: ApiClient) -> None:
    response = api.get("/sleep?since=2026-01-01%00")
    assert_refused(response, 400)


def test_nul_bytes_in_a_form_post_are_refused_and_save_nothing(alice, mia) -> None:
    client = Client()
    client.force_login(alice.user)
    response = client.post("/babies/add/", {"name": "No\x00a", "birth_date": str(mia.birth_date)})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not Baby.objects.filter(name__startswith="No").exists()


def test_an_ordinary_json_body_still_works_after_the_guard(api: ApiClient, mia) -> None:
    response = api.post("/notes", {"baby": mia.pk, "notes": json.dumps({"ok": True})})
    assert response.status == 201


def test_an_extreme_massage_session_time_is_422(api: ApiClient, mia) -> None:
    body = {"baby": mia.pk, "started_at": EXTREME_TIMES[0]}
    error = assert_refused(api.post("/massage-sessions", body), 422)
    assert "started_at" in error["fields"]


def integer_fields(schema: dict[str, Any]) -> list[str]:
    found = []
    for name, prop in resolve(schema).get("properties", {}).items():
        options = [resolve(o) for o in prop.get("anyOf", [prop])]
        if any(o.get("type") == "integer" for o in options):
            found.append(name)
    return found


WITH_INT_BODIES = [
    (path, method, op, name)
    for path, method, op in OPERATIONS
    if json_body(op) is not None
    for name in integer_fields(json_body(op) or {})
]


@pytest.mark.parametrize(
    ("path", "method", "op", "name"),
    WITH_INT_BODIES,
    ids=[f"{m.upper()} {p} {n}" for p, m, _, n in WITH_INT_BODIES],
)
def test_an_integer_of_2_to_the_63_in_any_body_field_is_4xx(
    api: ApiClient, mia, path: str, method: str, op: dict[str, Any], name: str
) -> None:
    body = sample(json_body(op) or {})
    body = body if isinstance(body, dict) else {}
    if "baby" in body:
        body["baby"] = mia.pk
    body[name] = BIG
    response = api.request(method.upper(), url(path, op), body)
    assert 400 <= response.status < 500, (response.status, response.body)
    assert_error_shape(response.body)


WITH_INT_QUERIES = [
    (path, method, op, p["name"])
    for path, method, op in OPERATIONS
    for p in params(op, "query")
    if any(resolve(o).get("type") == "integer" for o in p["schema"].get("anyOf", [p["schema"]]))
]


@pytest.mark.parametrize(
    ("path", "method", "op", "name"),
    WITH_INT_QUERIES,
    ids=[f"{m.upper()} {p} {n}" for p, m, _, n in WITH_INT_QUERIES],
)
def test_an_integer_of_2_to_the_63_in_any_query_parameter_is_4xx(
    api: ApiClient, path: str, method: str, op: dict[str, Any], name: str
) -> None:
    response = api.request(method.upper(), f"{url(path, op)}?{name}={BIG}")
    assert 400 <= response.status < 500, (response.status, response.body)
    assert_error_shape(response.body)


def time_fields(schema: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for name, prop in resolve(schema).get("properties", {}).items():
        for option in [resolve(o) for o in prop.get("anyOf", [prop])]:
            if option.get("format") in ("date", "date-time", "time"):
                found.append((name, option["format"]))
    return found


EXTREME = {"date": "0001-01-01", "date-time": EXTREME_TIMES[0], "time": "23:59:59+14:00"}
WITH_TIME_BODIES = [
    (path, method, op, name, fmt)
    for path, method, op in OPERATIONS
    if json_body(op) is not None
    for name, fmt in time_fields(json_body(op) or {})
]


@pytest.mark.parametrize(
    ("path", "method", "op", "name", "fmt"),
    WITH_TIME_BODIES,
    ids=[f"{m.upper()} {p} {n}" for p, m, _, n, _ in WITH_TIME_BODIES],
)
def test_an_extreme_time_in_any_body_field_is_4xx(
    api: ApiClient, mia, path: str, method: str, op: dict[str, Any], name: str, fmt: str
) -> None:
    body = sample(json_body(op) or {})
    body = body if isinstance(body, dict) else {}
    if "baby" in body:
        body["baby"] = mia.pk
    body[name] = EXTREME[fmt]
    # A route with an id in its path answers 404 for the missing id; the creates and PUTs
    # reach the check (the PATCH of a real row: test_a_patch_to_an_extreme_time_...).
    response = api.request(method.upper(), url(path, op), body)
    assert 400 <= response.status < 500, (response.status, response.body)
    assert_error_shape(response.body)
