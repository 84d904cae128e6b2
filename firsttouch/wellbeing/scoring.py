"""Scoring: the generic sum-of-ordinals for any instrument, and the EPDS reading of it.

Pure functions with no database, so every threshold edge and all 4**10 EPDS answer patterns
can be checked quickly. Answers are option *indexes* (display order); the instrument says what
each option scores, so the EPDS's reversed items need no special case here. A total exists only
when every required item is answered (epds-cox-1987: a partial response is never scored).

Which answers call for the safety response is decided here and only here (``safety_items``):
the form, the result page, the API, the stored flags and the clinic alert all ask it, so they
can never disagree about whether a mother is shown the crisis lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from django.conf import settings

from .instruments import Instrument, epds

Band = Literal["below", "possible", "probable"]
EPDS_SAFETY_ITEM = "10"
EPDS_ANXIETY = "epds-3a"
# A rise this large since the previous screening is shown as "your score went up"; uncertain as
# a rule (no published source), so it is a constant rather than a clinic setting.
RISE_POINTS = 4


class Incomplete(ValueError):
    """Some required items have no answer; the message lists them."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"Unanswered items: {', '.join(missing)}.")
        self.missing = missing


@dataclass(frozen=True)
class Score:
    total: int
    subscales: dict[str, int]
    item_scores: dict[str, int]
    safety_items: dict[str, int]

    @property
    def safety_response_needed(self) -> bool:
        return bool(self.safety_items)


@dataclass(frozen=True)
class Thresholds:
    possible: int
    probable: int
    anxiety: int

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            possible=settings.EPDS_POSSIBLE_THRESHOLD,
            probable=settings.EPDS_PROBABLE_THRESHOLD,
            anxiety=settings.EPDS_ANXIETY_THRESHOLD,
        )


@dataclass(frozen=True)
class EpdsResult:
    total: int
    anxiety: int
    band: Band
    anxiety_flag: bool
    item10_score: int
    safety_response_needed: bool


def item_scores(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, int]:
    """Each answered item's score; raises ValueError on an unknown item or option index."""
    scores: dict[str, int] = {}
    for link_id, index in answers.items():
        item = instrument.item(link_id)
        if item is None:
            raise ValueError(f"{instrument.name} has no item {link_id!r}.")
        if (
            isinstance(index, bool)
            or not isinstance(index, int)
            or not 0 <= index < len(item.options)
        ):
            raise ValueError(f"Item {link_id} has answers 0 to {len(item.options) - 1}.")
        scores[link_id] = item.options[index].score
    return scores


def safety_items(instrument: Instrument, answers: Mapping[str, int]) -> dict[str, int]:
    """The safety items whose answer calls for the safety response, with the score given.

    Every answer to a safety item (EPDS item 10) that scores above 0 does, whatever the total
    and whether or not the rest is answered (epds-cox-1987): a draft gets the response the
    moment item 10 is answered, so this takes partial answers. Raises ValueError like
    ``item_scores`` on an unknown item or option.
    """
    given = item_scores(instrument, {x: answers[x] for x in instrument.safety_ids if x in answers})
    return {link_id: points for link_id, points in given.items() if points > 0}


def score(instrument: Instrument, answers: Mapping[str, int]) -> Score:
    """Total, subscales and safety items of a finished response; Incomplete otherwise."""
    missing = [x for x in instrument.required_ids if x not in answers]
    if missing:
        raise Incomplete(missing)
    by_item = item_scores(instrument, answers)
    subscales = {s.id: sum(by_item.get(x, 0) for x in s.items) for s in instrument.subscales}
    return Score(
        total=sum(by_item.values()),
        subscales=subscales,
        item_scores=by_item,
        safety_items=safety_items(instrument, answers),
    )


def band_for(total: int, thresholds: Thresholds) -> Band:
    if total >= thresholds.probable:
        return "probable"
    if total >= thresholds.possible:
        return "possible"
    return "below"


def read_epds(result: Score, thresholds: Thresholds | None = None) -> EpdsResult:
    """What an EPDS score means, with the deployment's thresholds."""
    limits = thresholds or Thresholds.from_settings()
    anxiety = result.subscales[EPDS_ANXIETY]
    item10 = result.item_scores[EPDS_SAFETY_ITEM]
    return EpdsResult(
        total=result.total,
        anxiety=anxiety,
        band=band_for(result.total, limits),
        anxiety_flag=anxiety >= limits.anxiety,
        item10_score=item10,
        safety_response_needed=result.safety_response_needed,
    )


def score_epds(answers: Mapping[str, int], thresholds: Thresholds | None = None) -> EpdsResult:
    """Score a full set of EPDS answers (link id -> option index, in display order)."""
    return read_epds(score(epds(), answers), thresholds)


def rose(previous_total: int | None, total: int) -> bool:
    return previous_total is not None and total - previous_total >= RISE_POINTS
