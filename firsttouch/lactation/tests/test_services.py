"""Fetching her earlier sessions for the rules: one session or a page give the same flags."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from firsttouch.lactation import services
from firsttouch.lactation.models import LactationSession
from tests.cast import Member

pytestmark = pytest.mark.django_db


def make(member: Member, hours_ago: float, **fields: object) -> LactationSession:
    fields.setdefault("side", "left")
    return LactationSession.objects.create(
        user=member.user, started_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def test_a_lump_logged_yesterday_flags_todays_lump(alice: Member) -> None:
    make(alice, 30, lump=True)
    today = make(alice, 0, lump=True)
    assert [f.code for f in services.flags_for(today)] == ["lasting_lump"]


def test_the_partners_sessions_never_feed_her_flags(alice: Member, dan: Member) -> None:
    make(dan, 30, lump=True)
    assert services.flags_for(make(alice, 0, lump=True)) == []


def test_page_flags_match_one_by_one_flags(alice: Member) -> None:
    rows = [
        make(alice, 40, lump=True, pain=2),
        make(alice, 20, pain=3),
        make(alice, 6, side="right", pain=1),
        make(alice, 1, side="right", pain=6, redness="spreading"),
        make(alice, 0, lump=True, temperature_c=Decimal("38.5"), very_unwell=True),
    ]
    together = services.flags_for_many(alice.user, rows)
    for session in rows:
        assert together[session.pk] == services.flags_for(session)
    assert together[rows[3].pk][0].code == "worsening_fast"


def test_another_users_session_is_a_404(alice: Member, bob: Member) -> None:
    session = make(alice, 1)
    with pytest.raises(Http404):
        services.get_own_or_404(bob.user, session.pk)
    assert services.get_own_or_404(alice.user, session.pk) == session
