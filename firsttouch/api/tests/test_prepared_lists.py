"""Lists served by prepared queries answer exactly what the ORM path answers, counts included.

The list routes run SQL compiled once (core.prepared.PreparedQuery) and skip the COUNT query
when the page already tells the total; both must be invisible to a client.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from firsttouch.api.kit import resource as crud
from firsttouch.babies.models import Baby
from firsttouch.core import prepared as fast_path
from firsttouch.tracking.models import Nappy, Sleep

from .helpers import ApiClient, ago, iso

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_path_on(settings: Any) -> None:
    """These tests are about the fast path: on, whatever FIRSTTOUCH_FAST_PATH says."""
    settings.FAST_PATH = True


def test_counts_on_full_partial_and_empty_pages(api: ApiClient, mia: Baby) -> None:
    start = ago(hours=10)
    for i in range(5):
        Nappy.objects.create(baby=mia, wet=True, time=start + timedelta(hours=i))
    assert api.get("/nappies", {"limit": 5}).body["count"] == 5  # full page: counted
    assert api.get("/nappies", {"limit": 3, "offset": 3}).body["count"] == 5  # partial
    past = api.get("/nappies", {"limit": 3, "offset": 9}).body  # empty, past the end
    assert past["count"] == 5 and past["results"] == [] and past["next"] is None
    assert past["previous"].endswith("offset=6")
    assert api.get("/nappies", {"baby": mia.pk + 1000}).body["count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"limit": 2},
        {"limit": 2, "offset": 2},
        {"baby": "mia"},
        {"baby": "mia", "since": "since"},
        {"baby": "mia", "since": "since", "until": "until", "limit": 1},
        {"until": "until"},
    ],
)
def test_prepared_and_orm_lists_are_the_same(
    api: ApiClient,
    bob_api: ApiClient,
    mia: Baby,
    leo: Baby,
    params: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for hours in (30, 20, 12, 6, 2):
        Sleep.objects.create(baby=mia, start=ago(hours=hours), end=ago(hours=hours - 1))
    Sleep.objects.create(baby=leo, start=ago(hours=3), end=ago(hours=2))  # Bob's: never seen
    values = {"mia": mia.pk, "since": iso(ago(hours=21)), "until": iso(ago(hours=4))}
    query = {k: values.get(str(v), v) for k, v in params.items()}

    prepared = api.get("/sleep", query)
    # The prepared path really ran (a query that could not be prepared would be None).
    assert any(
        key[0] == "list:sleep" and value is not None for key, value in fast_path._PREPARED.items()
    )
    monkeypatch.setattr(crud, "prepared_list", lambda *a, **k: None)
    plain = api.get("/sleep", query)

    assert prepared.status == plain.status == 200
    assert prepared.body == plain.body
    assert all(row["baby"] == mia.pk for row in prepared.body["results"])
    assert bob_api.get("/sleep", {"baby": mia.pk}).body["count"] == 0
