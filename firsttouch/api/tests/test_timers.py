"""Running timers: created with end null, stopped with POST /{kind}/{id}/stop."""

from __future__ import annotations

import pytest

from firsttouch.tracking.models import Crying, Feed, Sleep

from .helpers import ApiClient, ago, iso, parse

KINDS = [("/sleep", Sleep, {}), ("/crying", Crying, {}), ("/feeds", Feed, {"side": "left"})]


@pytest.mark.parametrize(("path", "model", "extra"), KINDS, ids=["sleep", "crying", "feeds"])
def test_a_running_timer_can_be_stopped(
    api: ApiClient, mia, path: str, model, extra: dict[str, str]
) -> None:
    started = api.post(path, {"baby": mia.pk, "start": iso(ago(minutes=20)), "end": None, **extra})
    assert started.status == 201, started.body
    assert started.body["end"] is None
    assert started.body["duration_seconds"] is None

    stopped = api.post(f"{path}/{started.body['id']}/stop")
    assert stopped.status == 200, stopped.body
    assert stopped.body["end"] is not None
    assert 19 * 60 <= stopped.body["duration_seconds"] <= 21 * 60
    assert model.objects.get().end is not None

    again = api.post(f"{path}/{started.body['id']}/stop")
    assert again.status == 200
    assert again.body["end"] == stopped.body["end"]


def test_a_second_running_timer_is_refused(api: ApiClient, mia) -> None:
    api.post("/crying", {"baby": mia.pk})
    response = api.post("/crying", {"baby": mia.pk})
    assert response.status == 422
    assert "already running" in response.error["message"]
    assert Crying.objects.count() == 1


def test_a_timer_started_without_times_starts_now(api: ApiClient, mia) -> None:
    response = api.post("/sleep", {"baby": mia.pk})
    assert response.status == 201
    assert (ago(seconds=0) - parse(response.body["start"])).total_seconds() < 5
