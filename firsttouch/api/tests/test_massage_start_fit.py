"""Starting a guided session through the API follows the routine's age range (issue 12)."""

from __future__ import annotations

from firsttouch.massage.models import MassageSession
from tests.cast import Member, make_baby

from .helpers import ApiClient, ago, iso


def test_a_running_session_for_a_too_young_baby_is_refused(api: ApiClient, alice: Member) -> None:
    ava = make_baby(alice.family, "Ava", age_days=8)
    response = api.post("/massage-sessions", {"baby": ava.pk, "routine_slug": "bedtime-wind-down"})
    assert response.status in (400, 422)
    assert "fits from 2 weeks; Ava is 1 week old" in str(response.body)
    assert not MassageSession.objects.exists()


def test_logging_one_afterwards_records_what_happened(api: ApiClient, alice: Member) -> None:
    ava = make_baby(alice.family, "Ava", age_days=8)
    response = api.post(
        "/massage-sessions",
        {
            "baby": ava.pk,
            "routine_slug": "bedtime-wind-down",
            "started_at": iso(ago(minutes=30)),
            "ended_at": iso(ago(minutes=20)),
        },
    )
    assert response.status == 201
    assert MassageSession.objects.get().routine_slug == "bedtime-wind-down"
