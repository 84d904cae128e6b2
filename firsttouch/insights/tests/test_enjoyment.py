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
        + [session(mia, "full-body", ["arching"], head="Ridged", steps=2) for _ in range(5)]
        + [session(mia, "full-body", ["smiling"]) for _ in range(3)]
    )
    result = baby_responses(mia)
    assert [(g.label, g.engaged) for g in result.wand_heads.ranked] == [
        ("Soft dome", 5),
        ("Ridged", 0),
    ]
    assert [g.sessions for g in result.steps.ranked] == [8, 5]
