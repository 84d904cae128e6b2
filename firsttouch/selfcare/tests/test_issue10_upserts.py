"""Issue 10, defect 9: two PUTs for a new day at once both succeed, on one row.

Both requests can find no row for the day and both insert; the unique constraint refuses the
second, which then finds the first's row and changes it. The race is forced deterministically
(on both engines) by hiding the existing row from the first lookup, and run for real with
threads on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.selfcare import services
from firsttouch.selfcare.models import MoodEntry, SelfCareDay, SymptomDay
from tests.cast import Member
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db

SETTERS: dict[str, tuple[type[Any], Callable[..., Any], dict[str, Any]]] = {
    "mood": (MoodEntry, services.set_mood, {"mood": 4}),
    "self-care": (SelfCareDay, services.set_self_care, {"yoga": True}),
    "symptoms": (SymptomDay, services.set_symptoms, {"anxiety": True}),
}


def hide_the_row_once(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The first lookup finds nothing, as when another request inserts just after it."""
    calls: list[int] = []
    real = services._existing

    def lookup(model: Any, user: Any, day: Any) -> Any:
        calls.append(1)
        return None if len(calls) == 1 else real(model, user, day)

    monkeypatch.setattr(services, "_existing", lookup)
    return calls


@pytest.mark.parametrize("kind", sorted(SETTERS))
def test_a_put_that_collides_with_a_concurrent_insert_updates_that_row(
    alice: Member, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    model, setter, values = SETTERS[kind]
    today = timezone.localdate()
    first = {"mood": 2} if kind == "mood" else {}
    setter(alice.user, today, **first)  # the other request's row
    calls = hide_the_row_once(monkeypatch)
    row = setter(alice.user, today, **values)
    assert len(calls) == 2, "the insert must have collided and been retried"
    assert model.objects.filter(user=alice.user, day=today).count() == 1
    stored = model.objects.get(user=alice.user, day=today)
    assert stored.pk == row.pk
    for name, value in values.items():
        assert getattr(stored, name) == value


def test_a_collision_that_keeps_happening_is_raised_not_hidden(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    services.set_mood(alice.user, today, 2)
    monkeypatch.setattr(services, "_existing", lambda model, user, day: None)
    with pytest.raises(IntegrityError):
        services.set_mood(alice.user, today, 4)
    assert MoodEntry.objects.get(user=alice.user).mood == 2


def test_the_api_answers_200_not_already_exists_when_the_put_collides(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = ApiClient(alice)
    day = timezone.localdate().isoformat()
    assert api.request("PUT", f"/self-care/{day}", {"sun": True}).status == 200
    hide_the_row_once(monkeypatch)
    response = api.request("PUT", f"/self-care/{day}", {"yoga": True})
    assert response.status == 200, response.body
    assert response.body["yoga"] is True
    assert SelfCareDay.objects.filter(user=alice.user).count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database is shared between threads without real "
    "concurrency; the forced collision above covers the retry there, this runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(SETTERS))
def test_eight_concurrent_puts_on_a_new_day_all_succeed(alice: Member, kind: str) -> None:
    model, setter, values = SETTERS[kind]
    today = timezone.localdate()
    at_once(lambda _: setter(alice.user, today, **values), range(8))
    assert model.objects.filter(user=alice.user, day=today).count() == 1
