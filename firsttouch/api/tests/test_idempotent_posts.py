"""Idempotency-Key on the POSTs that are not a resource's create: questionnaire responses and
the Baby Buddy imports. A retry with the same key answers the first response and creates
nothing new; the calendar link is deliberately not replayed (docs/api.md says why)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from firsttouch.api.models import IdempotencyKey
from firsttouch.babies.models import Baby
from firsttouch.portability.models import ImportJob
from firsttouch.portability.tests.fake_babybuddy import KEY, FakeBabyBuddy, babybuddy, sample
from firsttouch.tracking.models import Sleep
from firsttouch.wellbeing.models import Response
from firsttouch.wellbeing.tests.epds_answers import answers
from tests.cast import Member, make_baby

from .helpers import ApiClient, ago, iso

__all__ = ["babybuddy"]  # the fixture, imported for pytest

RETRY = {"Idempotency-Key": "retry-1"}
SLEEP_CSV = (
    b"id,child_id,child_first_name,child_last_name,start,end,duration,nap,notes\r\n"
    b"1,1,Mia,Smith,2026-01-01 20:00:00,2026-01-02 02:00:00,06:00:00,False,\r\n"
)


def test_a_retried_questionnaire_response_is_saved_once(api: ApiClient) -> None:
    body = {"instrument": "epds", "answers": answers([0] * 10), "complete": True}
    first = api.post("/responses", body, **RETRY)
    assert first.status == 201, first.body
    again = api.post("/responses", body, **RETRY)
    assert (again.status, again.body) == (201, first.body)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert Response.objects.count() == 1
    # The wrapped route answers exactly what ninja answers for the same response.
    assert api.get(f"/responses/{first.body['id']}").body == first.body


def test_without_a_key_each_response_is_new(api: ApiClient) -> None:
    body = {"instrument": "epds"}
    assert api.post("/responses", body).status == 201
    assert api.post("/responses", body).status == 201
    assert Response.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_a_refused_response_is_not_remembered(api: ApiClient) -> None:
    bad = api.post("/responses", {"instrument": "no-such-questionnaire"}, **RETRY)
    assert bad.status in {404, 422}
    assert not IdempotencyKey.objects.exists()
    assert api.post("/responses", {"instrument": "epds"}, **RETRY).status == 201


@pytest.fixture
def server(babybuddy: FakeBabyBuddy, mia: Baby, settings: Any) -> FakeBabyBuddy:
    # Whole pages of 100 per step (the time budget is tested in test_import_limits.py), and
    # Mia old enough for every night: rows from before a baby's birth are skipped.
    settings.IMPORT_STEP_MILLISECONDS = 60_000
    mia.birth_date = timezone.localdate() - timedelta(days=130)
    mia.save(update_fields=["birth_date"])
    babybuddy.data = sample(mia.birth_date, nights=120)
    return babybuddy


def test_a_retried_import_start_answers_the_job_it_started(
    api: ApiClient, server: FakeBabyBuddy
) -> None:
    body = {"base_url": server.url, "token": KEY}
    first = api.post("/import/babybuddy", body, **RETRY)
    assert first.status == 201, first.body
    asked = len(server.requests)
    again = api.post("/import/babybuddy", body, **RETRY)
    assert (again.status, again.body) == (201, first.body)
    assert ImportJob.objects.count() == 1
    assert len(server.requests) == asked  # not even Baby Buddy was asked again
    # A new key is a new request: refused, since the first import is running.
    assert api.post("/import/babybuddy", body, **{"Idempotency-Key": "2"}).status == 409


def test_a_retried_step_answers_the_step_it_took(
    api: ApiClient, server: FakeBabyBuddy, mia: Baby
) -> None:
    job = api.post("/import/babybuddy", {"base_url": server.url, "token": KEY}).body
    api.post(f"/import/{job['id']}/step")  # the children
    first = api.post(f"/import/{job['id']}/step", **{"Idempotency-Key": "step-2"})
    assert first.status == 200
    sleeps = Sleep.objects.filter(baby=mia).count()
    assert sleeps == 100
    again = api.post(f"/import/{job['id']}/step", **{"Idempotency-Key": "step-2"})
    assert (again.status, again.body) == (200, first.body)
    assert Sleep.objects.filter(baby=mia).count() == sleeps
    assert ImportJob.objects.get().processed == first.body["processed"]


def _upload(member: Member, **headers: str) -> Any:
    api = ApiClient(member)
    return Client().post(
        "/api/v1/import/babybuddy-csv",
        {"files": [_file()], "time_zone": "UTC"},
        headers={"Authorization": f"Bearer {api.token}", **headers},
    )


def _file() -> Any:
    return SimpleUploadedFile("sleep.csv", SLEEP_CSV, content_type="text/csv")


def test_a_retried_csv_upload_starts_one_import(alice: Member, mia: Baby) -> None:
    first = _upload(alice, **RETRY)
    assert first.status_code == 201, first.content
    again = _upload(alice, **RETRY)
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert ImportJob.objects.count() == 1


def test_the_same_key_with_other_files_is_refused(alice: Member, mia: Baby) -> None:
    assert _upload(alice, **RETRY).status_code == 201
    api = ApiClient(alice)
    other = SimpleUploadedFile("sleep.csv", SLEEP_CSV.replace(b"20:00", b"21:00"))
    response = Client().post(
        "/api/v1/import/babybuddy-csv",
        {"files": [other], "time_zone": "UTC"},
        headers={"Authorization": f"Bearer {api.token}", **RETRY},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert ImportJob.objects.count() == 1


def test_the_calendar_link_is_not_replayed_but_stays_single(api: ApiClient) -> None:
    """The link holds a secret that is never stored, so a retry issues a new link and the
    first stops working: still one working link, and no secret kept for the replay."""
    first = api.post("/calendar-feed", **RETRY)
    again = api.post("/calendar-feed", **RETRY)
    assert first.status == again.status == 201
    assert first.body["url"] != again.body["url"]
    assert not IdempotencyKey.objects.exists()
    site = "https://firsttouch.example"
    assert Client().get(first.body["url"].removeprefix(site)).status_code == 404
    assert Client().get(again.body["url"].removeprefix(site)).status_code == 200


def test_a_retried_decline_answers_200_not_404(api: ApiClient, alice: Member) -> None:
    """Without the key a second decline is a 404 (the item is no longer due)."""
    ada = make_baby(alice.family, "Ada", age_days=35)  # her 1-month check is due today
    key = f"epds:month-1:{ada.pk}"
    first = api.post(f"/reminders/{key}/decline", **RETRY)
    assert first.status == 200 and first.body["declined"] is True
    again = api.post(f"/reminders/{key}/decline", **RETRY)
    assert (again.status, again.body) == (200, first.body)
    assert api.post(f"/reminders/{key}/decline").status == 404


def test_a_retried_complete_answers_the_first_result(api: ApiClient) -> None:
    draft = api.post("/responses", {"instrument": "epds", "answers": answers([1] * 10)}).body
    first = api.post(f"/responses/{draft['id']}/complete", **RETRY)
    assert first.status == 200 and first.body["status"] == "complete", first.body
    again = api.post(f"/responses/{draft['id']}/complete", **RETRY)
    assert (again.status, again.body) == (200, first.body)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert Response.objects.count() == 1


def test_a_retried_stop_answers_the_first_stop(api: ApiClient, mia: Baby) -> None:
    running = api.post("/sleep", {"baby": mia.pk, "start": iso(ago(minutes=40))}).body
    first = api.post(f"/sleep/{running['id']}/stop", **RETRY)
    assert first.status == 200 and first.body["end"], first.body
    again = api.post(f"/sleep/{running['id']}/stop", **RETRY)
    assert (again.status, again.body) == (200, first.body)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert Sleep.objects.count() == 1
