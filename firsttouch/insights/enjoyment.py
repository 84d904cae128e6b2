"""Which routines, steps and wand heads go with the baby enjoying the massage.

From each session's logged cues (engagement / disengagement ids from the routine library's
cues.toml) and its state before and after. "Calmer" orders the states from most to least
aroused, crying < fussy < calm < drowsy < asleep: a session is calmer when the state after
comes later in that order than the state before (fussy -> drowsy is calmer; asleep -> calm is
not). Sessions without both states do not count towards "calmer" either way.

Each finished session is read as a *good* response, a *poor* one, or neither (issue 12):

- **good** ("settled"): not stopped early, and the baby was drowsy or asleep afterwards, or
  calmer than before (by the order above);
- **poor**: stopped early (the player's "Baby isn't enjoying this", or ended early when
  logged), or fussy or crying afterwards;
- **neither**: e.g. calm before and calm after, or no states noted.

Groups are ranked by the share of their sessions with a good response, then by the share
with a poor one (fewer first), then by size. The counts are the finding: "settled Ava in 2 of
15 sessions"; no significance is claimed, and a group is ranked only once it has
``MIN_SESSIONS`` sessions, so a single lucky evening does not top the list ("too few sessions
to tell" under that). A ranked group with more poor than good sessions is named as one that
did not seem to suit the baby.

Steps: the player records how many steps were completed, not the baby's response at each step,
so "steps" groups sessions by how far the routine got; it cannot say which stroke was enjoyed.

The module is named for the baby's enjoyment (it was ``responses.py``, easily taken for the
mother's questionnaire answers, ``wellbeing.Response``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import ngettext

from firsttouch.babies.models import Baby
from firsttouch.home.services import routine_title
from firsttouch.massage.models import MassageSession

MIN_SESSIONS = 5
STATE_ORDER = {"crying": 0, "fussy": 1, "calm": 2, "drowsy": 3, "asleep": 4}


@dataclass(frozen=True)
class SessionFacts:
    routine_slug: str
    steps_completed: int
    wand_head: str
    state_before: str
    state_after: str
    cues: list[str]
    ended_early: bool = False


GOOD_AFTER = {"drowsy", "asleep"}
POOR_AFTER = {"fussy", "crying"}


def is_good(fact: SessionFacts) -> bool:
    """Settled: not stopped early, and drowsy/asleep afterwards or calmer than before."""
    if fact.ended_early:
        return False
    return fact.state_after in GOOD_AFTER or is_calmer(fact.state_before, fact.state_after)


def is_poor(fact: SessionFacts) -> bool:
    """Stopped early, or fussy or crying afterwards."""
    return fact.ended_early or fact.state_after in POOR_AFTER


@dataclass
class GroupResponse:
    label: str
    sessions: int = 0
    engaged: int = 0  # sessions with at least one engagement cue
    disengaged: int = 0  # sessions with at least one disengagement cue
    with_states: int = 0  # sessions with both states logged
    calmer: int = 0
    good: int = 0  # settled: drowsy/asleep or calmer afterwards, not stopped early
    poor: int = 0  # stopped early, or fussy/crying afterwards

    @property
    def good_share(self) -> float:
        return self.good / self.sessions if self.sessions else 0.0

    @property
    def poor_share(self) -> float:
        return self.poor / self.sessions if self.sessions else 0.0

    @property
    def did_not_suit(self) -> bool:
        """More poor responses than good ones."""
        return self.poor > self.good

    def settled(self, name: str) -> str:
        """ "settled Ava in 2 of 15 sessions; fussy or stopped early in 9"."""
        return ngettext(
            "settled %(name)s in %(good)s of %(n)s session; "
            "fussy, crying or stopped early in %(poor)s",
            "settled %(name)s in %(good)s of %(n)s sessions; "
            "fussy, crying or stopped early in %(poor)s",
            self.sessions,
        ) % {"name": name, "good": self.good, "n": self.sessions, "poor": self.poor}

    @property
    def engaged_share(self) -> float:
        return self.engaged / self.sessions if self.sessions else 0.0

    @property
    def calmer_share(self) -> float:
        return self.calmer / self.with_states if self.with_states else 0.0

    def describe(self) -> str:
        return ngettext(
            "%(label)s: settled in %(good)s of %(n)s session, fussy, crying or stopped early in "
            "%(poor)s; engagement cues in %(engaged)s of %(n)s session, calmer afterwards in "
            "%(calmer)s of %(with_states)s.",
            "%(label)s: settled in %(good)s of %(n)s sessions, fussy, crying or stopped early in "
            "%(poor)s; engagement cues in %(engaged)s of %(n)s sessions, calmer afterwards in "
            "%(calmer)s of %(with_states)s.",
            self.sessions,
        ) % {
            "label": self.label,
            "good": self.good,
            "n": self.sessions,
            "poor": self.poor,
            "engaged": self.engaged,
            "calmer": self.calmer,
            "with_states": self.with_states,
        }


@dataclass(frozen=True)
class Ranking:
    ranked: list[GroupResponse]  # enough sessions, best first
    too_few: list[GroupResponse]  # shown with counts, not ranked

    @property
    def did_not_suit(self) -> list[GroupResponse]:
        """Ranked groups with more poor than good responses, worst first."""
        return sorted(
            (g for g in self.ranked if g.did_not_suit),
            key=lambda g: (-g.poor_share, g.good_share, g.label),
        )


@dataclass(frozen=True)
class Responses:
    routines: Ranking
    steps: Ranking
    wand_heads: Ranking


def is_calmer(before: str, after: str) -> bool:
    if before not in STATE_ORDER or after not in STATE_ORDER:
        return False
    return STATE_ORDER[after] > STATE_ORDER[before]


def rank(
    facts: Iterable[SessionFacts],
    key: Callable[[SessionFacts], str | None],
    engagement: set[str],
    disengagement: set[str],
    min_sessions: int = MIN_SESSIONS,
) -> Ranking:
    """Group sessions by ``key`` (None leaves a session out), count, then rank.

    Ranked by the share of sessions with a good response, then the share with a poor one
    (fewer first), then the number of sessions; ties end in the label so the order is stable.
    Engagement cues are counted alongside but do not rank: a cue is one moment, the state
    afterwards is how the massage ended.
    """
    groups: dict[str, GroupResponse] = {}
    for fact in facts:
        label = key(fact)
        if label is None:
            continue
        group = groups.setdefault(label, GroupResponse(label))
        group.sessions += 1
        cues = set(fact.cues)
        group.engaged += bool(cues & engagement)
        group.disengaged += bool(cues & disengagement)
        if fact.state_before and fact.state_after:
            group.with_states += 1
            group.calmer += is_calmer(fact.state_before, fact.state_after)
        group.good += is_good(fact)
        group.poor += is_poor(fact)
    ordered = sorted(
        groups.values(), key=lambda g: (-g.good_share, g.poor_share, -g.sessions, g.label)
    )
    return Ranking(
        [g for g in ordered if g.sessions >= min_sessions],
        sorted(
            (g for g in ordered if g.sessions < min_sessions), key=lambda g: (-g.sessions, g.label)
        ),
    )


def responses(
    facts: list[SessionFacts],
    engagement: set[str],
    disengagement: set[str],
    min_sessions: int = MIN_SESSIONS,
) -> Responses:
    """Routines, steps completed (per routine) and wand heads, each ranked."""

    def routine(f: SessionFacts) -> str:
        return routine_title(f.routine_slug)

    def steps(f: SessionFacts) -> str:
        n = f.steps_completed
        return ngettext(
            "%(routine)s, %(n)s step completed", "%(routine)s, %(n)s steps completed", n
        ) % {"routine": routine_title(f.routine_slug), "n": n}

    def head(f: SessionFacts) -> str | None:
        return f.wand_head or None

    return Responses(
        rank(facts, routine, engagement, disengagement, min_sessions),
        rank(facts, steps, engagement, disengagement, min_sessions),
        rank(facts, head, engagement, disengagement, min_sessions),
    )


def baby_responses(baby: Baby, min_sessions: int = MIN_SESSIONS) -> Responses:
    """The baby's finished sessions, in one query."""
    from firsttouch.massage.content import library

    cues = library().cues
    rows = (
        MassageSession.objects.filter(baby=baby, ended_at__isnull=False)
        .order_by()
        .values_list(
            "routine_slug",
            "steps_completed",
            "wand_head",
            "state_before",
            "state_after",
            "cues",
            "ended_early",
        )
    )
    facts = [SessionFacts(r[0], r[1], r[2], r[3], r[4], list(r[5] or []), bool(r[6])) for r in rows]
    return responses(
        facts, {c.id for c in cues.engagement}, {c.id for c in cues.disengagement}, min_sessions
    )
