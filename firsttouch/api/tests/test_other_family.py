"""Bob (another family) gets 404 on every object route of Alice's and cannot log for Mia."""

from __future__ import annotations

import pytest

from firsttouch.massage.models import Massager, MassageSession

from .helpers import ApiClient
from .samples import IDS, SAMPLES, Sample

TIMED = ["/sleep", "/crying", "/feeds"]


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_bob_cannot_read_change_delete_or_stop_alices_rows(
    api: ApiClient, bob_api: ApiClient, mia, sample: Sample
) -> None:
    created = api.post(sample.path, sample.valid(mia))
    assert created.status == 201, created.body
    url = f"{sample.path}/{created.body['id']}"
    attempts = [bob_api.get(url), bob_api.patch(url, sample.change), bob_api.delete(url)]
    if sample.path in TIMED:
        attempts.append(bob_api.post(f"{url}/stop"))
    for response in attempts:
        assert response.status == 404
        assert response.error["code"] == "not_found"
    assert created.body["id"] not in [r["id"] for r in bob_api.get(sample.path).body["results"]]
    assert api.get(url).body == created.body


@pytest.mark.parametrize("path", TIMED)
def test_bob_cannot_stop_alices_running_timer(
    api: ApiClient, bob_api: ApiClient, mia, path: str
) -> None:
    extra = {"side": "left"} if path == "/feeds" else {}
    running = api.post(path, {"baby": mia.pk, **extra})
    assert running.status == 201, running.body
    response = bob_api.post(f"{path}/{running.body['id']}/stop")
    assert response.status == 404
    assert api.get(f"{path}/{running.body['id']}").body["end"] is None


@pytest.mark.parametrize(
    "sample", [s for s in SAMPLES if s.path != "/babies"], ids=[i for i in IDS if i != "babies"]
)
def test_bob_cannot_log_for_mia(bob_api: ApiClient, mia, leo, sample: Sample) -> None:
    before = sample.model.objects.count()
    response = bob_api.post(sample.path, sample.valid(mia))
    assert response.status == 404
    assert sample.model.objects.count() == before
    assert bob_api.get(sample.path, {"baby": mia.pk}).body["count"] == 0
    assert bob_api.post(sample.path, sample.valid(leo)).status == 201


def test_bob_cannot_move_his_entry_to_mia(bob_api: ApiClient, mia, leo) -> None:
    created = bob_api.post("/notes", {"baby": leo.pk, "notes": "Leo's note"})
    response = bob_api.patch(f"/notes/{created.body['id']}", {"baby": mia.pk})
    assert response.status == 404
    assert bob_api.get(f"/notes/{created.body['id']}").body["baby"] == leo.pk


def test_bob_cannot_use_alices_massager(alice, bob_api: ApiClient, leo) -> None:
    wand = Massager.objects.create(
        family=alice.family, heads=[{"name": "Soft"}], vibration_levels=["off", "low"]
    )
    response = bob_api.post(
        "/massage-sessions", {"baby": leo.pk, "tool": "wand", "massager": wand.pk}
    )
    assert response.status == 404
    assert not MassageSession.objects.exists()


def test_bob_cannot_get_suggestions_for_mia(bob_api: ApiClient, mia) -> None:
    assert bob_api.get("/routines", {"baby": mia.pk}).status == 404
