"""The API saves massage sessions through ``massage.services.save_session``: same rule as the
pages for ``routine_version`` (the rule itself is tested in massage/tests/test_save_session.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from firsttouch.massage.models import MassageSession

from .helpers import ApiClient


def test_patching_keeps_the_recorded_version_until_the_routine_changes(api: ApiClient, mia) -> None:
    start = timezone.now() - timedelta(hours=1)
    session = MassageSession.objects.create(
        baby=mia,
        routine_slug="full-body",
        routine_version="0.9",
        started_at=start,
        ended_at=start + timedelta(minutes=10),
    )
    changed = api.patch(f"/massage-sessions/{session.pk}", {"notes": "Calm afterwards"})
    assert changed.status == 200, changed.body
    assert changed.body["routine_version"] == "0.9"
    moved = api.patch(f"/massage-sessions/{session.pk}", {"routine_slug": "colic-comfort"})
    assert moved.status == 200, moved.body
    assert moved.body["routine_version"] == "1.1"
    freed = api.patch(f"/massage-sessions/{session.pk}", {"routine_slug": ""})
    assert freed.body["routine_version"] == ""


def test_a_version_sent_with_a_new_session_is_kept(api: ApiClient, mia) -> None:
    created = api.post(
        "/massage-sessions", {"baby": mia.pk, "routine_slug": "full-body", "routine_version": "0.9"}
    )
    assert created.status == 201, created.body
    assert created.body["routine_version"] == "0.9"
