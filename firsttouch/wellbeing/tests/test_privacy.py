"""Screenings are the mother's: her partner sees them only when shared; Bob never does."""

from __future__ import annotations

from firsttouch.wellbeing import services
from tests.cast import Member

from .epds_answers import with_total


def test_the_respondent_sees_her_drafts_and_results(alice: Member) -> None:
    done = services.submit(alice.user, alice.family, "epds", with_total(6), finish=True)
    draft = services.submit(alice.user, alice.family, "epds", {"1": 0})
    assert set(services.visible_responses(alice.user, alice.family)) == {done, draft}


def test_her_partner_sees_nothing_unless_she_shares(alice: Member, dan: Member) -> None:
    done = services.submit(alice.user, alice.family, "epds", with_total(6), finish=True)
    assert list(services.visible_responses(dan.user, dan.family)) == []
    services.set_shared(done, True)
    assert list(services.visible_responses(dan.user, dan.family)) == [done]
    services.set_shared(done, False)
    assert list(services.visible_responses(dan.user, dan.family)) == []


def test_a_shared_draft_stays_private_until_complete(alice: Member, dan: Member) -> None:
    services.submit(alice.user, alice.family, "epds", {"1": 0}, shared_with_family=True)
    assert list(services.visible_responses(dan.user, dan.family)) == []


def test_bob_never_sees_alices_even_when_shared(alice: Member, bob: Member) -> None:
    services.submit(
        alice.user, alice.family, "epds", with_total(6), finish=True, shared_with_family=True
    )
    assert list(services.visible_responses(bob.user, bob.family)) == []
    mine = services.submit(bob.user, bob.family, "epds", with_total(1), finish=True)
    assert list(services.visible_responses(bob.user, bob.family)) == [mine]
