"""The CONSORT flow of a randomised study: who was assessed, randomised, followed and analysed.

Pure counts over plain records (no ORM), the numbers of the CONSORT 2010 flow diagram:
enrolment (assessed for eligibility, excluded with the reasons), allocation, follow-up (per
time point, and withdrawals) and analysis, per arm. The counts must add up: a flow where
assessed is not excluded + randomised is refused, because a report built on it would be wrong.

The analysis set is intention to treat: everyone randomised is analysed in the allocated arm
with the data she has, except a participant who withdrew and asked that her data not be used
(counted under "data withdrawn", so the diagram still accounts for her).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .analysis import ITT, JsonResult


@dataclass(frozen=True)
class FlowParticipant:
    """One randomised participant as the flow sees her: the allocated arm, the time points at
    which she has a score, and whether (and how) she withdrew."""

    arm: str
    observed: frozenset[str] = field(default_factory=frozenset)
    withdrawn: bool = False
    data_withdrawn: bool = False  # withdrew and asked that her data not be analysed


@dataclass(frozen=True)
class ConsortFlow(JsonResult):
    analysis_set: str
    assessed: int
    excluded: int
    ineligible: int
    declined: int
    other_excluded: int
    eligible: int
    randomised: int
    allocated: dict[str, int]
    withdrawn: dict[str, int]
    data_withdrawn: dict[str, int]
    followed_up: dict[str, dict[str, int]]  # arm -> time point -> participants with a score
    lost: dict[str, dict[str, int]]  # arm -> time point -> randomised without a score
    analysed: dict[str, int]
    not_analysed: dict[str, int]
    analysis_requires: tuple[str, ...]


def consort_flow(
    *,
    assessed: int,
    ineligible: int,
    declined: int,
    participants: Sequence[FlowParticipant],
    arms: Sequence[str],
    time_points: Sequence[str],
    other_excluded: int = 0,
    analysis_requires: Sequence[str] = (),
) -> ConsortFlow:
    """Count the flow. ``analysis_requires`` names the time points an analysis cannot do
    without (baseline and post for the pre/post comparison; none for the mixed model, which
    uses whatever a participant has, so there she needs only one score)."""
    counts = {"assessed": assessed, "ineligible": ineligible, "declined": declined}
    counts["other excluded"] = other_excluded
    negative = [name for name, n in counts.items() if n < 0]
    if negative:
        raise ValueError(f"Counts cannot be negative: {', '.join(negative)}.")
    excluded = ineligible + declined + other_excluded
    if assessed != excluded + len(participants):
        raise ValueError(
            f"The flow does not add up: {assessed} assessed, but {excluded} excluded and "
            f"{len(participants)} randomised."
        )
    unknown = sorted({p.arm for p in participants} - set(arms))
    if unknown:
        raise ValueError(f"Participants in arms the study does not have: {unknown}.")
    stray = sorted(set().union(*(p.observed for p in participants)) - set(time_points))
    if stray or not set(analysis_requires) <= set(time_points):
        raise ValueError(f"Unknown time points: {stray or sorted(analysis_requires)}.")

    def per_arm(keep: Callable[[FlowParticipant], bool]) -> dict[str, int]:
        return {arm: sum(1 for p in participants if p.arm == arm and keep(p)) for arm in arms}

    required = frozenset(analysis_requires)

    def analysable(p: FlowParticipant) -> bool:
        return not p.data_withdrawn and bool(p.observed) and required <= p.observed

    # A score she asked to withdraw is not follow-up data any more: she counts as lost there.
    kept = [p for p in participants if not p.data_withdrawn]
    followed = {
        arm: {t: sum(1 for p in kept if p.arm == arm and t in p.observed) for t in time_points}
        for arm in arms
    }
    allocated = per_arm(lambda p: True)
    analysed = per_arm(analysable)
    return ConsortFlow(
        analysis_set=ITT,
        assessed=assessed,
        excluded=excluded,
        ineligible=ineligible,
        declined=declined,
        other_excluded=other_excluded,
        eligible=assessed - ineligible,
        randomised=len(participants),
        allocated=allocated,
        withdrawn=per_arm(lambda p: p.withdrawn),
        data_withdrawn=per_arm(lambda p: p.data_withdrawn),
        followed_up=followed,
        lost={arm: {t: allocated[arm] - n for t, n in followed[arm].items()} for arm in arms},
        analysed=analysed,
        not_analysed={arm: allocated[arm] - analysed[arm] for arm in arms},
        analysis_requires=tuple(analysis_requires),
    )
