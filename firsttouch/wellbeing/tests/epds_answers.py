"""Building EPDS answers from the item scores a test wants, by the published directions.

Written from the published directions (Cox et al. 1987), not from the instrument file, so
tests that use it also check the file: items 1, 2 and 4 score 0-3 from the first answer to the
last, the rest 3-0.
"""

from __future__ import annotations

FORWARD = {1, 2, 4}
ITEMS = range(1, 11)


def index_for(item: int, score: int) -> int:
    """The option (0 = first shown) that gives ``score`` on ``item``."""
    return score if item in FORWARD else 3 - score


def answers(scores: list[int]) -> dict[str, int]:
    """{link id: option index} giving item i the score ``scores[i - 1]``."""
    assert len(scores) == 10
    return {str(item): index_for(item, s) for item, s in zip(ITEMS, scores, strict=True)}


def with_total(total: int, item10: int = 0, anxiety: int | None = None) -> dict[str, int]:
    """Answers adding up to ``total``, item 10 scoring ``item10`` and items 3-5 ``anxiety``.

    Points go to items 1, 2 and 6-9 first, then to items 3-5 when ``anxiety`` is None.
    """
    scores = [0] * 10
    scores[9] = item10
    left = total - item10
    if anxiety is not None:
        for i in (2, 3, 4):
            scores[i] = min(3, anxiety - sum(scores[2:5]))
        left -= anxiety
    order = [0, 1, 5, 6, 7, 8] + ([2, 3, 4] if anxiety is None else [])
    for i in order:
        scores[i] = min(3, left)
        left -= scores[i]
    assert left == 0, "that total cannot be reached with these constraints"
    return answers(scores)
