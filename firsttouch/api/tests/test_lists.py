"""Lists: newest first, paginated with limit/offset, filtered by baby and time."""

from __future__ import annotations

from datetime import timedelta

from firsttouch.tracking.models import Nappy
from tests.cast import make_baby

from .helpers import ApiClient, ago


def _nappies(baby, count: int) -> list[Nappy]:
    start = ago(hours=count + 1)
    return [
        Nappy.objects.create(baby=baby, wet=True, time=start + timedelta(hours=i))
        for i in range(count)
    ]


def test_pages_link_to_each_other(api: ApiClient, mia) -> None:
    rows = _nappies(mia, 5)
    first = api.get("/nappies", {"limit": 2})
    assert first.body["count"] == 5
    assert [r["id"] for r in first.body["results"]] == [rows[4].pk, rows[3].pk]
    assert first.body["previous"] is None
    assert first.body["next"].startswith("http://testserver/api/v1/nappies?")

    second = api.get(first.body["next"])
    assert [r["id"] for r in second.body["results"]] == [rows[2].pk, rows[1].pk]
    last = api.get(second.body["next"])
    assert [r["id"] for r in last.body["results"]] == [rows[0].pk]
    assert last.body["next"] is None
    assert api.get(last.body["previous"]).body == second.body


def test_it_filters_by_baby(api: ApiClient, alice, mia) -> None:
    noa = make_baby(alice.family, "Noa", age_days=3)
    _nappies(mia, 2)
    theirs = _nappies(noa, 1)
    response = api.get("/nappies", {"baby": noa.pk})
    assert [r["id"] for r in response.body["results"]] == [theirs[0].pk]
    assert api.get("/nappies").body["count"] == 3


def test_it_filters_by_time_since_inclusive_until_exclusive(api: ApiClient, mia) -> None:
    rows = _nappies(mia, 4)
    response = api.get(
        "/nappies", {"since": rows[1].time.isoformat(), "until": rows[3].time.isoformat()}
    )
    assert [r["id"] for r in response.body["results"]] == [rows[2].pk, rows[1].pk]


def test_a_naive_filter_time_is_read_in_the_familys_zone(bob_api: ApiClient, leo) -> None:
    from datetime import UTC, datetime

    Nappy.objects.create(baby=leo, wet=True, time=datetime(2026, 1, 10, 14, 30, tzinfo=UTC))
    # 09:00 in New York is 14:00 UTC: the nappy is after it, and before 10:00 there.
    found = bob_api.get("/nappies", {"since": "2026-01-10T09:00", "until": "2026-01-10T10:00"})
    assert found.body["count"] == 1
    assert bob_api.get("/nappies", {"since": "2026-01-10T10:00"}).body["count"] == 0


def test_an_empty_list_is_an_empty_page(api: ApiClient) -> None:
    assert api.get("/sleep").body == {"count": 0, "next": None, "previous": None, "results": []}
