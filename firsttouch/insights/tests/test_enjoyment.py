"""Which routines and wand heads go with engagement cues and calmer after-states."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.insights.enjoyment import baby_responses, is_calmer
from firsttouch.massage.models import MassageSession, Tool


def session(
    baby: Baby,
    routine: str,
    cues: list[str],
    before: str = "fussy",
    after: str = "calm",
    head: str = "",
    steps: int = 4,
    ended_early: bool = False,
) -> MassageSession:
    start = timezone.now() - timedelta(days=1)
    return MassageSession(
        baby=baby,
        routine_slug=routine,
        started_at=start,
        ended_at=start + timedelta(minutes=15),
        cues=cues,
        state_before=before,
        state_after=after,
        steps_completed=steps,
        tool=Tool.WAND if head else Tool.HANDS,
        wand_head=head,
        ended_early=ended_early,
    )


def test_calmer_follows_the_state_order() -> None:
    assert is_calmer("crying", "fussy") and is_calmer("calm", "asleep")
    assert not is_calmer("drowsy", "calm") and not is_calmer("calm", "calm")
    assert not is_calmer("", "calm")


def test_routines_are_ranked_with_counts_and_small_groups_are_not(mia: Baby) -> None:
    rows = (
        [session(mia, "bedtime-wind-down", ["smiling"]) for _ in range(5)]
        + [session(mia, "full-body", ["turning-away"], after="crying") for _ in range(4)]
        + [session(mia, "full-body", ["cooing"]) for _ in range(2)]
        + [session(mia, "colic-comfort", ["smiling"]) for _ in range(2)]
    )
    MassageSession.objects.bulk_create(rows)
    result = baby_responses(mia)
    assert [g.label for g in result.routines.ranked] == ["Bedtime wind-down", "Full-body massage"]
    best, second = result.routines.ranked
    assert (best.sessions, best.engaged, best.calmer, best.with_states) == (5, 5, 5, 5)
    assert (second.sessions, second.engaged, second.disengaged, second.calmer) == (6, 2, 4, 2)
    assert [g.sessions for g in result.routines.too_few] == [2]
    assert "engagement cues in 5 of 5 sessions" in best.describe()


def test_wand_heads_and_steps_are_counted(mia: Baby) -> None:
    MassageSession.objects.bulk_create(
        [session(mia, "full-body", ["smiling"], head="Soft dome") for _ in range(5)]
        + [
            session(mia, "full-body", ["arching"], head="Ridged", steps=2, after="fussy")
            for _ in range(5)
        ]
        + [session(mia, "full-body", ["smiling"]) for _ in range(3)]
    )
    result = baby_responses(mia)
    assert [(g.label, g.good, g.poor) for g in result.wand_heads.ranked] == [
        ("Soft dome", 5, 0),
        ("Ridged", 0, 5),
    ]
    assert [g.label for g in result.wand_heads.did_not_suit] == ["Ridged"]
    assert [g.sessions for g in result.steps.ranked] == [8, 5]


def test_ranked_by_how_often_the_baby_settled_with_counts(mia: Baby) -> None:
    """ "The tummy routine settled Mia in 2 of 15 sessions": named as not suiting her."""
    tummy = "tummy-gas-constipation"
    MassageSession.objects.bulk_create(
        [session(mia, tummy, [], before="fussy", after="drowsy") for _ in range(2)]
        + [session(mia, tummy, [], before="calm", after="fussy") for _ in range(8)]
        + [session(mia, tummy, [], after="calm", ended_early=True) for _ in range(3)]
        + [session(mia, tummy, [], before="calm", after="calm") for _ in range(2)]
        + [session(mia, "bedtime-wind-down", [], before="calm", after="asleep") for _ in range(4)]
        + [session(mia, "bedtime-wind-down", [], before="calm", after="calm") for _ in range(2)]
        + [session(mia, "colic-comfort", [], after="drowsy") for _ in range(3)]
    )
    result = baby_responses(mia)
    best, worst = result.routines.ranked
    assert best.label == "Bedtime wind-down" and (best.good, best.sessions) == (4, 6)
    assert (worst.good, worst.poor, worst.sessions) == (2, 11, 15)
    assert worst.settled("Mia") == (
        "settled Mia in 2 of 15 sessions; fussy, crying or stopped early in 11"
    )
    assert result.routines.did_not_suit == [worst]
    # Three sessions are too few to tell, however well they went.
    too_few = [(g.label, g.good) for g in result.routines.too_few]
    assert too_few == [("Comfort for crying spells", 3)]
