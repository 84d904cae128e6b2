"""The allocation list: balanced within each block, reproducible from the seed, unpredictable
without it."""

from __future__ import annotations

from collections import Counter
from itertools import islice

import pytest

from firsttouch.studies.randomisation import allocation_at, allocation_list

SEED = bytes(range(32))
ARMS = ["massage", "usual care"]


def first(n: int, *args: object, **kwargs: object) -> list[str]:
    return list(islice(allocation_list(*args, **kwargs), n))  # type: ignore[arg-type]


def block_ends(seq: list[str], arms: dict[str, int]) -> list[int]:
    """Positions after which every arm has exactly its ratio's share so far."""
    unit = sum(arms.values())
    ends = []
    counts: Counter[str] = Counter()
    for i, arm in enumerate(seq, start=1):
        counts[arm] += 1
        if i % unit == 0 and all(counts[a] * unit == i * w for a, w in arms.items()):
            ends.append(i)
    return ends


@pytest.mark.parametrize("stratum", ["[]", '[["parity","first baby"]]', "site B"])
def test_the_imbalance_never_exceeds_half_the_largest_block(stratum: str) -> None:
    seq = first(2000, SEED, stratum, ARMS, block_sizes=(2, 4, 6))
    counts: Counter[str] = Counter()
    worst = 0
    for arm in seq:
        counts[arm] += 1
        worst = max(worst, abs(counts["massage"] - counts["usual care"]))
    assert worst <= 3
    assert worst >= 2, "blocks of 4 and 6 must sometimes open with two of one arm"


def test_every_block_is_balanced_when_it_ends() -> None:
    """With sizes 2, 4 and 6, the arms are equal at the end of each block: walking the list,
    the balanced points are never more than 6 apart."""
    seq = first(3000, SEED, "s", ARMS, block_sizes=(2, 4, 6))
    ends = block_ends(seq, {"massage": 1, "usual care": 1})
    gaps = [b - a for a, b in zip([0, *ends], ends, strict=False)]
    assert max(gaps) <= 6
    assert ends[-1] >= 2994


def test_block_sizes_are_drawn_at_random_not_fixed() -> None:
    seq = first(3000, SEED, "s", ARMS, block_sizes=(2, 4, 6))
    ends = block_ends(seq, {"massage": 1, "usual care": 1})
    gaps = Counter(b - a for a, b in zip([0, *ends], ends, strict=False))
    # A balanced point can also fall inside a block (e.g. AB|BA), so gaps of 2 are the most
    # common; 4 and 6 show that larger blocks are drawn and do not always split.
    assert gaps[4] > 50 and gaps[6] > 20


def test_a_two_to_one_ratio_gives_two_of_one_arm_per_unit() -> None:
    arms = {"massage": 2, "usual care": 1}
    seq = first(3000, SEED, "s", arms, block_sizes=(3, 6))
    counts = Counter(seq)
    ends = block_ends(seq, arms)
    assert max(b - a for a, b in zip([0, *ends], ends, strict=False)) <= 6
    assert abs(counts["massage"] - 2 * counts["usual care"]) <= 6


def test_the_same_seed_and_stratum_give_the_same_list() -> None:
    assert first(500, SEED, "s", ARMS) == first(500, bytes(range(32)), "s", ARMS)


def test_the_list_is_fixed_by_this_algorithm_not_by_a_library_version() -> None:
    """A pinned prefix: the HMAC stream is specified in the module, so an auditor can rebuild
    the list anywhere. A change here would silently re-randomise running studies."""
    assert "".join(a[0] for a in first(24, SEED, "s", ARMS)) == PINNED


# m = massage, u = usual care: blocks of 6, 4, 2, 6, ... as drawn from SEED for stratum "s".
PINNED = "mmmuuuuummmumummmuuuuumu"


def test_another_seed_or_stratum_gives_another_list() -> None:
    base = first(200, SEED, "s", ARMS)
    assert first(200, bytes(32), "s", ARMS) != base
    assert first(200, SEED, "t", ARMS) != base


def test_allocation_at_is_the_list_at_that_position() -> None:
    seq = first(60, SEED, "s", ARMS)
    assert [allocation_at(SEED, "s", ARMS, i) for i in range(60)] == seq


def test_the_arms_are_equally_likely_at_each_position_over_seeds() -> None:
    """No position of a block favours an arm: over many seeds, the first allocation is the
    treatment about half the time (binomial: 400 draws, 3 SD is about 30)."""
    seeds = [i.to_bytes(2, "big") * 16 for i in range(400)]
    firsts = Counter(next(allocation_list(seed, "s", ARMS)) for seed in seeds)
    assert abs(firsts["massage"] - 200) <= 30


@pytest.mark.parametrize(
    ("arms", "sizes", "message"),
    [
        (["only"], None, "at least two arms"),
        (["a", "a"], None, "its own name"),
        ({"a": 0, "b": 1}, None, "at least 1"),
        (ARMS, (3,), "multiple of 2"),
        ({"a": 2, "b": 1}, (4,), "multiple of 3"),
    ],
)
def test_impossible_designs_are_refused_with_a_reason(
    arms: list[str] | dict[str, int], sizes: tuple[int, ...] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        next(allocation_list(SEED, "s", arms, sizes))


def test_a_short_seed_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        next(allocation_list(b"short", "s", ARMS))
