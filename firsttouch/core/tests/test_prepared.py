"""The fast path (core/prepared.py): prepared SQL answers exactly what the ORM answers.

Unit tests of ``PreparedQuery`` (what it refuses to prepare, constants, converters, time
zones, NULLs), the by-id wrapper ``fetch_scoped`` against ``get_scoped_or_404``, and the
``FAST_PATH`` switch. They run on whichever database the suite runs on (SQLite, PostgreSQL).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.test import override_settings

from firsttouch.babies.models import Baby
from firsttouch.core import prepared
from firsttouch.core.prepared import PreparedQuery
from firsttouch.core.scoping import get_scoped_or_404, scoped
from firsttouch.tracking.models import Growth, Nappy, Sleep
from tests.cast import Member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_path_on(settings: Any) -> None:
    """These tests are about the fast path: on, whatever FIRSTTOUCH_FAST_PATH says."""
    settings.FAST_PATH = True


AUCKLAND = ZoneInfo("Pacific/Auckland")


def fields(rows: list[Any]) -> list[tuple[Any, ...]]:
    """Every field value of each row, with its type: equal means the same objects."""
    return [
        tuple(
            (f.attname, getattr(row, f.attname), type(getattr(row, f.attname)))
            for f in row._meta.concrete_fields
        )
        for row in rows
    ]


def _nappies(values: dict[str, Any]) -> Any:
    return Nappy.objects.filter(
        baby=values["baby"], time__gte=values["since"], time__lt=values["until"]
    ).order_by("-time", "-pk")


def test_a_query_that_cannot_be_prepared_runs_through_the_orm(mia: Baby) -> None:
    Baby.objects.create(
        family=mia.family, name="marker:not-a-key-hash twin", birth_date=mia.birth_date
    )

    def named(values: dict[str, Any]) -> Any:  # __contains wraps the value: not a marker
        return Baby.objects.filter(name__contains=values["key_hash"])

    with pytest.raises(ValueError, match="cannot place"):
        PreparedQuery(named, {"key_hash": prepared.MARKERS["key_hash"]})
    assert prepared.prepared_for("test:contains", named, {"key_hash": "twin"}) is None
    assert [b.name for b in prepared.objects("test:contains", named, key_hash="twin")] == [
        "marker:not-a-key-hash twin"
    ]

    def unused(values: dict[str, Any]) -> Any:
        return Baby.objects.filter(pk=values["pk"])

    with pytest.raises(ValueError, match="every marker"):
        PreparedQuery(unused, {"pk": 1, "baby": 2})

    def shaped(values: dict[str, Any]) -> Any:  # the SQL text depends on the value
        return Baby.objects.filter(pk=values["pk"]).order_by(
            "name" if values["pk"] < 987_654_322_000 else "pk"
        )

    with pytest.raises(ValueError, match="depends on the values"):
        PreparedQuery(shaped, {"pk": prepared.MARKERS["pk"]})


def test_constants_stay_in_the_sql_and_are_checked(mia: Baby) -> None:
    twin = Baby.objects.create(family=mia.family, name="Noa", birth_date=mia.birth_date)

    def noa(values: dict[str, Any]) -> Any:
        return Baby.objects.filter(family=values["family"], name="Noa")

    query = prepared.prepared_for("test:noa", noa, {"family": mia.family})
    assert query is not None
    assert (False, "Noa") in query.slots and (True, "family") in query.slots
    assert prepared.objects("test:noa", noa, family=mia.family) == [twin]
    assert prepared.objects("test:noa", noa, family=mia.family.pk + 1000) == []

    def clock(values: dict[str, Any]) -> Any:  # a constant that moves: never prepared
        return Baby.objects.filter(pk=values["pk"], created_at__lt=datetime.now(UTC))

    with pytest.raises(ValueError):
        PreparedQuery(clock, {"pk": prepared.MARKERS["pk"]})


def test_converters_give_the_orms_types(mia: Baby) -> None:
    now = datetime.now(UTC)
    Growth.objects.create(
        baby=mia, time=now - timedelta(hours=1), weight_g=4210, length_cm=Decimal("55.5")
    )
    Growth.objects.create(
        baby=mia, time=now - timedelta(hours=2), weight_g=None, length_cm=Decimal("54.0")
    )
    Nappy.objects.create(baby=mia, time=now - timedelta(hours=3), wet=True, dirty=False)

    def growth(values: dict[str, Any]) -> Any:
        return Growth.objects.filter(baby=values["baby"]).order_by("time")

    query = PreparedQuery(growth, {"baby": prepared.MARKERS["baby"]})
    values = {"baby": mia}
    assert fields(query.objects(values)) == fields(list(growth(values)))
    assert [g.length_cm for g in query.objects(values)] == [Decimal("54.0"), Decimal("55.5")]
    nappies = PreparedQuery(_nappies, {n: prepared.MARKERS[n] for n in ("baby", "since", "until")})
    window = {"baby": mia.pk, "since": now - timedelta(days=1), "until": now}
    found = nappies.objects(window)
    assert fields(found) == fields(list(_nappies(window)))
    assert found[0].wet is True and found[0].dirty is False
    assert found[0].time.tzinfo is not None


def test_time_zones_mean_the_same_instant(mia: Baby) -> None:
    midnight = datetime(2026, 3, 1, tzinfo=AUCKLAND)  # 11:00 UTC the day before
    for minutes in (-1, 0, 1, 60):
        Nappy.objects.create(baby=mia, time=midnight + timedelta(minutes=minutes), wet=True)
    window = {"baby": mia, "since": midnight, "until": midnight + timedelta(hours=1)}
    query = prepared.prepared_for("test:nappies", _nappies, window)
    assert query is not None
    found = query.objects(window)
    assert fields(found) == fields(list(_nappies(window)))
    assert [n.time for n in found] == [midnight + timedelta(minutes=m) for m in (1, 0)]
    assert all(n.time.utcoffset() == timedelta(0) for n in found)  # read back in UTC
    naive = {**window, "since": midnight.replace(tzinfo=None)}
    assert not prepared.fits(naive)  # a naive time is the ORM's to interpret
    assert prepared.prepared_for("test:nappies", _nappies, naive) is None


def test_nulls_read_back_and_none_values_go_to_the_orm(mia: Baby) -> None:
    start = datetime.now(UTC) - timedelta(hours=2)
    running = Sleep.objects.create(baby=mia, start=start, end=None)

    def sleeps(values: dict[str, Any]) -> Any:
        return Sleep.objects.filter(baby=values["baby"]).values_list("start", "end")

    assert prepared.values("test:sleeps", sleeps, baby=mia) == [(running.start, None)]
    assert prepared.prepared_for("test:sleeps", sleeps, {"baby": None}) is None
    assert prepared.values("test:sleeps", sleeps, baby=None) == list(sleeps({"baby": None}))


def _outcome(call: Any) -> Any:
    try:
        return ("found", call())
    except Http404 as exc:
        return ("404", str(exc))


@pytest.mark.parametrize("model", [Baby, Sleep])
def test_fetch_scoped_is_get_scoped_or_404(
    alice: Member, bob: Member, mia: Baby, leo: Baby, model: type[Any]
) -> None:
    own = mia if model is Baby else Sleep.objects.create(baby=mia, start=datetime.now(UTC))
    other = leo if model is Baby else Sleep.objects.create(baby=leo, start=datetime.now(UTC))
    cases: list[tuple[Any, Any]] = [
        (alice.family, own.pk),
        (alice.family, other.pk),
        (bob.family, own.pk),
        (alice.family, own.pk + 10_000),
        (None, own.pk),
        (alice.family, str(own.pk)),
        (alice.family, "not a number"),
        (alice.family, None),
        (alice.family, 2**70),
        (alice.family, -1),
        (alice.family, True),
    ]
    for family, pk in cases:
        expected = _outcome(lambda f=family, p=pk: get_scoped_or_404(model, f, pk=p))
        assert _outcome(lambda f=family, p=pk: prepared.fetch_scoped(model, f, p)) == expected
    assert _outcome(lambda: prepared.fetch_scoped(model, alice.family, own.pk))[1] == own
    assert (
        prepared._PREPARED[(f"by-pk:{model._meta.label}", ("family", "pk"), False, False)]
        is not None
    )  # the prepared path really ran
    with override_settings(FAST_PATH=False):
        assert prepared.fetch_scoped(model, alice.family, own.pk) == own
        with pytest.raises(Http404):
            prepared.fetch_scoped(model, bob.family, own.pk)


def test_switched_off_every_use_runs_the_orm(
    alice: Member, mia: Baby, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("prepared SQL ran")

    window = {
        "baby": mia,
        "since": datetime(2026, 1, 1, tzinfo=UTC),
        "until": datetime(2026, 2, 1, tzinfo=UTC),
    }
    query = prepared.prepared_for("test:nappies", _nappies, window)
    assert query is not None
    monkeypatch.setattr(PreparedQuery, "execute", refuse)
    with pytest.raises(AssertionError, match="prepared SQL ran"):  # on: it is used
        prepared.fetch_scoped(Baby, alice.family, mia.pk)
    with override_settings(FAST_PATH=False):
        assert prepared.prepared_for("test:nappies", _nappies, window) is None
        assert query.objects(window) == []  # a query kept by a caller runs the ORM too
        assert prepared.fetch_scoped(Baby, alice.family, mia.pk) == mia
        assert list(scoped(Baby, alice.family)) == [mia]
        client = alice.client()
        assert client.get(f"/baby/{mia.pk}/").status_code == 200
        assert client.get(f"/insights/{mia.pk}/").status_code == 200
