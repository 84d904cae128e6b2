"""Importing from a Baby Buddy server, end to end against a fake one over real HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from firsttouch.accounts.models import ApiToken
from firsttouch.babies.models import Baby
from firsttouch.portability import importing
from firsttouch.portability.babybuddy import DRY_NAPPY, normalize_base_url
from firsttouch.portability.models import ImportedRecord, ImportJob
from firsttouch.tracking.models import Feed, Growth, Nappy, Note, Sleep
from tests.cast import Member

from .fake_babybuddy import KEY, FakeBabyBuddy, babybuddy, sample

__all__ = ["babybuddy"]  # the fixture, imported for pytest

NIGHTS = 120


def run(job: ImportJob, limit: int = 50) -> ImportJob:
    for _ in range(limit):
        if not job.is_running:
            return job
        job = importing.step(job)
    raise AssertionError("the import did not finish")


def tally(job: ImportJob) -> dict[str, tuple[int, int]]:
    return {row["kind"]: (row["imported"], row["skipped"]) for row in importing.summary(job)}


def reasons(job: ImportJob, kind: str) -> dict[str, int]:
    row = next(r for r in importing.summary(job) if r["kind"] == kind)
    return {r["reason"]: r["count"] for r in row["reasons"]}


def entries(family_babies: list[Baby]) -> dict[str, int]:
    ids = [b.pk for b in family_babies]
    return {
        m.__name__: m.objects.filter(baby_id__in=ids).count()
        for m in (Sleep, Feed, Nappy, Growth, Note)
    }


@pytest.fixture
def server(babybuddy: FakeBabyBuddy, mia: Baby) -> FakeBabyBuddy:
    # Born before the first of the nights: entries before birth are refused (issue 10).
    mia.birth_date -= timedelta(days=NIGHTS)
    mia.save(update_fields=["birth_date"])
    babybuddy.data = sample(mia.birth_date, nights=NIGHTS)
    return babybuddy


def test_a_whole_history_comes_across_in_pages(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    job = importing.start_api_import(alice.family, alice.user, server.url + "/api/", KEY)
    assert job.total == 2 + NIGHTS + 5 + 3 + 1 + 2 + 1
    assert job.base_url == server.url
    job = run(job)

    assert job.state == "done"
    assert job.processed == job.total
    assert tally(job) == {
        "child": (1, 1),
        "sleep": (NIGHTS, 0),
        "feeding": (5, 0),
        "diaperchange": (2, 1),
        "tummytime": (1, 0),
        "weight": (2, 0),
        "note": (1, 0),
    }
    assert reasons(job, "child") == {importing.BABY_MATCHED: 1}
    assert reasons(job, "diaperchange") == {DRY_NAPPY: 1}
    # Sleep needed two pages of 100, asked oldest first.
    assert any("sleep/?limit=100&offset=100&ordering=start" in r for r in server.requests)

    # Mia was matched by name and birth date; Theo is new.
    babies = list(Baby.objects.filter(family=alice.family))
    assert sorted(b.name for b in babies) == ["Mia", "Theo Smith"]
    assert entries(babies) == {"Sleep": NIGHTS, "Feed": 5, "Nappy": 2, "Growth": 2, "Note": 2}

    # Times keep their instant (Baby Buddy's -05:00 offset).
    first = server.data["sleep"][0]
    sleep = Sleep.objects.get(baby=mia, start=datetime.fromisoformat(first["start"]))
    assert sleep.end == datetime.fromisoformat(first["end"])
    assert sleep.created_by == alice.user

    bottle = Feed.objects.get(baby=mia, notes__contains="Took it all")
    assert (bottle.kind, bottle.contents, bottle.amount_ml) == ("bottle", "formula", 120)
    both = Feed.objects.get(baby=mia, side="both")
    assert both.kind == "breast" and both.amount_ml is None
    assert "Amount in Baby Buddy: 30" in both.notes
    fortified = Feed.objects.get(baby=mia, amount_ml=90)
    assert fortified.contents == "breast_milk" and "Fortified" in fortified.notes
    assert Feed.objects.get(baby__name="Theo Smith").kind == "solids"
    dirty = Nappy.objects.get(baby=mia, dirty=True)
    assert dirty.colour == "yellow" and dirty.wet
    assert (
        Note.objects.get(baby=mia, notes__startswith="Tummy time").notes
        == "Tummy time, 5 min: Lifted her head"
    )
    weight = Growth.objects.get(baby=mia)
    assert weight.weight_g == 4200
    # Baby Buddy weighs on a date: midday that day in the family's time zone.
    local = weight.time.astimezone(ZoneInfo("Europe/London"))
    assert (local.date().isoformat(), local.hour) == (server.data["weight"][0]["date"], 12)
    # The key is forgotten once the job is over.
    job.refresh_from_db()
    assert job.token == "" and job.rows == []


def test_importing_twice_creates_nothing_new(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    first = run(importing.start_api_import(alice.family, alice.user, server.url, KEY))
    babies = list(Baby.objects.filter(family=alice.family))
    before = entries(babies)
    second = run(importing.start_api_import(alice.family, alice.user, server.url, KEY))

    assert second.processed == first.processed
    assert all(imported == 0 for imported, _ in tally(second).values())
    assert sum(skipped for _, skipped in tally(second).values()) == second.processed
    assert reasons(second, "sleep") == {importing.ALREADY_IMPORTED: NIGHTS}
    assert list(Baby.objects.filter(family=alice.family)) == babies
    assert entries(babies) == before


def test_a_sleep_overlapping_one_already_logged_is_skipped_and_the_old_one_kept(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    night = server.data["sleep"][3]
    start = datetime.fromisoformat(night["start"]) + timedelta(hours=1)
    mine = Sleep.objects.create(baby=mia, start=start, end=start + timedelta(hours=2))

    job = run(importing.start_api_import(alice.family, alice.user, server.url, KEY))

    assert tally(job)["sleep"] == (NIGHTS - 1, 1)
    assert reasons(job, "sleep") == {"It overlaps sleep already in firsttouch.": 1}
    mine.refresh_from_db()
    assert (mine.start, mine.end) == (start, start + timedelta(hours=2))
    assert not ImportedRecord.objects.filter(kind="sleep", source_id=str(night["id"])).exists()


def test_an_entry_already_here_at_the_same_time_is_not_doubled(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    change = server.data["changes"][1]
    Nappy.objects.create(baby=mia, time=datetime.fromisoformat(change["time"]), wet=True)
    job = run(importing.start_api_import(alice.family, alice.user, server.url, KEY))
    assert reasons(job, "diaperchange")[importing.ALREADY_THERE] == 1
    assert Nappy.objects.filter(baby=mia).count() == 2


@pytest.mark.parametrize(
    ("key", "address", "field", "words"),
    [
        ("wrong-key", None, "token", "refused the API key"),
        (KEY, "http://127.0.0.1:9", "base_url", "Could not reach 127.0.0.1:9"),
        (KEY, "{url}/not-baby-buddy", "base_url", "There is no Baby Buddy API"),
        (KEY, "ftp://example.org", "base_url", "starting with http:// or https://"),
        ("", None, "token", "Enter the API key"),
    ],
)
def test_a_bad_address_or_key_is_refused_up_front_and_nothing_is_saved(
    alice: Member,
    mia: Baby,
    server: FakeBabyBuddy,
    key: str,
    address: str | None,
    field: str,
    words: str,
) -> None:
    url = (address or server.url).replace("{url}", server.url)
    with pytest.raises(importing.ImportRefused) as refused:
        importing.start_api_import(alice.family, alice.user, url, key)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not ImportJob.objects.exists()
    assert not ImportedRecord.objects.exists()
    assert Baby.objects.filter(family=alice.family).count() == 1


def test_a_redirect_is_not_followed_so_the_key_goes_nowhere_else(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    server.redirect_to = "http://127.0.0.1:9/api/children/"
    with pytest.raises(importing.ImportRefused, match=r"redirects to http://127\.0\.0\.1:9"):
        importing.start_api_import(alice.family, alice.user, server.url, KEY)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("https://Baby.Example.org/", "https://baby.example.org"),
        ("  https://baby.example.org/api/ ", "https://baby.example.org"),
        ("http://nas.local:8000/babybuddy/api", "http://nas.local:8000/babybuddy"),
    ],
)
def test_the_address_is_read_however_it_is_typed(typed: str, address: str) -> None:
    assert normalize_base_url(typed) == address


def test_a_job_left_half_way_carries_on_where_it_stopped(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    job = importing.start_api_import(alice.family, alice.user, server.url, KEY)
    job = importing.step(importing.step(job))  # children, then the first 100 nights
    assert job.is_running and job.processed == 102
    # The tab is closed; later the job is fetched again and carried on.
    again = run(ImportJob.objects.get(pk=job.pk))
    assert again.state == "done"
    assert Sleep.objects.filter(baby=mia).count() == NIGHTS
    assert tally(again)["sleep"] == (NIGHTS, 0)


def test_only_one_import_runs_at_a_time(alice: Member, mia: Baby, server: FakeBabyBuddy) -> None:
    importing.start_api_import(alice.family, alice.user, server.url, KEY)
    with pytest.raises(importing.ImportRefused, match="already running"):
        importing.start_api_import(alice.family, alice.user, server.url, KEY)


def test_a_server_that_goes_away_stops_the_job_and_forgets_the_key(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    job = importing.start_api_import(alice.family, alice.user, server.url, KEY)
    server.down = True
    job = importing.step(job)
    assert job.is_running and "Trying again" in job.error
    job = run(job)
    assert job.state == "failed"
    assert "HTTP 503" in job.error
    job.refresh_from_db()
    assert job.token == ""


# --- The API ----------------------------------------------------------------------------------


def _api(member: Member) -> tuple[Client, dict[str, str]]:
    _, token = ApiToken.issue(member.user, "import")
    return Client(), {"Authorization": f"Bearer {token}"}


def test_the_api_starts_steps_and_reports_an_import(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    client, auth = _api(alice)
    response = client.post(
        "/api/v1/import/babybuddy",
        {"base_url": server.url, "token": KEY},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 201, response.content
    job: dict[str, Any] = response.json()
    assert job["state"] == "running" and job["total"] > NIGHTS
    assert "token" not in job
    for _ in range(20):
        job = client.post(f"/api/v1/import/{job['id']}/step", headers=auth).json()
        if job["state"] != "running":
            break
    assert job["state"] == "done" and job["percent"] == 100
    shown = client.get(f"/api/v1/import/{job['id']}", headers=auth).json()
    sleep = next(k for k in shown["summary"] if k["kind"] == "sleep")
    assert (sleep["imported"], sleep["skipped"]) == (NIGHTS, 0)


def test_the_api_explains_a_bad_key_in_the_one_error_shape(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    client, auth = _api(alice)
    response = client.post(
        "/api/v1/import/babybuddy",
        {"base_url": server.url, "token": "nope"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "refused the API key" in error["fields"]["token"][0]
    assert not ImportJob.objects.exists()


def test_bob_cannot_see_or_advance_alices_import(
    alice: Member, mia: Baby, bob: Member, server: FakeBabyBuddy
) -> None:
    job = importing.start_api_import(alice.family, alice.user, server.url, KEY)
    client, auth = _api(bob)
    for response in (
        client.get(f"/api/v1/import/{job.pk}", headers=auth),
        client.post(f"/api/v1/import/{job.pk}/step", headers=auth),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    pages = bob.client()
    assert pages.get(f"/data/import/{job.pk}/").status_code == 404
    assert pages.post(f"/data/import/{job.pk}/step/").status_code == 404
    assert pages.post(f"/data/import/{job.pk}/cancel/").status_code == 404
    job.refresh_from_db()
    assert job.processed == 0 and job.is_running


def test_a_partner_can_import_into_the_family(
    alice: Member, dan: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    job = run(importing.start_api_import(dan.family, dan.user, server.url, KEY))
    assert job.family == alice.family
    assert Sleep.objects.filter(baby=mia, created_by=dan.user).count() == NIGHTS


# --- The pages --------------------------------------------------------------------------------


def test_the_page_starts_an_import_and_htmx_steps_it_to_a_summary(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    client = alice.client()
    page = client.get("/data/import/")
    assert page.status_code == 200
    assert b"Baby Buddy address" in page.content
    response = client.post(
        "/data/import/babybuddy/",
        {"base_url": server.url, "token": KEY, "weight_unit": "kg", "volume_unit": "ml"},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/data/import/{job.pk}/"
    shown = client.get(response["Location"])
    assert b"<progress" in shown.content and b'role="status"' in shown.content
    for _ in range(20):
        part = client.post(f"/data/import/{job.pk}/step/", HTTP_HX_REQUEST="true")
        assert part.status_code == 200
        if b"Import finished" in part.content:
            break
    else:
        raise AssertionError("never finished")
    assert b"hx-post" not in part.content  # no more polling once done
    assert f"1 skipped: {DRY_NAPPY}".encode() in part.content


def test_the_page_shows_a_bad_key_next_to_the_field(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    response = alice.client().post(
        "/data/import/babybuddy/",
        {"base_url": server.url, "token": "nope", "weight_unit": "kg", "volume_unit": "ml"},
    )
    assert response.status_code == 400
    assert b"Baby Buddy refused the API key" in response.content
    assert not ImportJob.objects.exists()


def test_cancelling_keeps_what_was_imported_and_forgets_the_key(
    alice: Member, mia: Baby, server: FakeBabyBuddy
) -> None:
    job = importing.step(
        importing.step(importing.start_api_import(alice.family, alice.user, server.url, KEY))
    )
    alice.client().post(f"/data/import/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.state == "cancelled" and job.token == ""
    assert Sleep.objects.filter(baby=mia).count() == 100


def test_a_deployment_can_refuse_private_addresses(
    alice: Member, mia: Baby, server: FakeBabyBuddy, settings: Any
) -> None:
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(importing.ImportRefused) as refused:
        importing.start_api_import(alice.family, alice.user, server.url, KEY)
    assert "private network" in refused.value.message
    assert refused.value.field == "base_url"
    assert not server.requests
    assert not ImportJob.objects.exists()
    # The default (a household's own server) allows the local network.
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    assert importing.start_api_import(alice.family, alice.user, server.url, KEY).pk
