"""Stratified permuted blocks of random sizes, drawn from a secret seed.

The allocation list of a stratum is a pure function of three things: the study's secret seed,
the stratum's key and the arms (with their ratios). So an auditor who is given the seed after
the trial can rebuild every allocation and check that nobody chose an arm by hand; while the
trial runs, nobody without the seed can predict the next one, because the block sizes are
random too (a fixed block size lets staff guess the last allocations of each block).

The random numbers come from HMAC-SHA256 in counter mode (keyed by the seed, then by the
stratum), not from ``random.Random``: the stream is fully specified here, so the same seed
gives the same list on any Python version or in any other language.

Nothing in this module knows about studies or the database. The one caller that turns a
study into an allocation is ``studies.services.enrol``, inside the enrolment transaction.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping, Sequence

# Block sizes as multiples of one "unit" (the sum of the arms' ratios: 2 for two equal arms).
DEFAULT_BLOCK_MULTIPLES = (1, 2, 3)


def block_unit(weights: Sequence[int]) -> int:
    """The smallest block that holds every arm in its ratio (2 for 1:1, 3 for 2:1)."""
    return sum(weights)


def _arms_and_weights(arms: Sequence[str] | Mapping[str, int]) -> tuple[list[str], list[int]]:
    if isinstance(arms, Mapping):
        names, weights = list(arms), [arms[name] for name in arms]
    else:
        names, weights = list(arms), [1] * len(arms)
    if len(names) < 2:
        raise ValueError("A randomised study needs at least two arms.")
    if len(set(names)) != len(names):
        raise ValueError("Each arm needs its own name.")
    if any(not isinstance(w, int) or w < 1 for w in weights):
        raise ValueError("Each arm's ratio must be a whole number of at least 1.")
    return names, weights


class _Stream:
    """Uniform random integers from HMAC-SHA256(stratum key, counter), rejection-sampled."""

    def __init__(self, seed: bytes, stratum: str) -> None:
        if len(seed) < 16:
            raise ValueError("The allocation seed must be at least 16 bytes.")
        self._key = hmac.new(seed, b"stratum\x00" + stratum.encode(), hashlib.sha256).digest()
        self._counter = 0
        self._buffer = b""

    def _word(self) -> int:
        if len(self._buffer) < 4:
            block = hmac.new(self._key, self._counter.to_bytes(8, "big"), hashlib.sha256)
            self._buffer += block.digest()
            self._counter += 1
        word, self._buffer = self._buffer[:4], self._buffer[4:]
        return int.from_bytes(word, "big")

    def below(self, n: int) -> int:
        """A uniform integer in [0, n): words in the biased top range are drawn again."""
        limit = (2**32 // n) * n
        while True:
            word = self._word()
            if word < limit:
                return word % n


def allocation_list(
    seed: bytes,
    stratum: str,
    arms: Sequence[str] | Mapping[str, int],
    block_sizes: Sequence[int] | None = None,
) -> Iterator[str]:
    """The endless allocation sequence of one stratum: arm names, block after block.

    ``arms`` is a list of names (equal allocation) or a mapping of name to ratio
    (``{"massage": 2, "usual care": 1}``). Each block's size is drawn uniformly from
    ``block_sizes`` (every size a multiple of the ratios' sum; by default 1, 2 and 3 times
    it, so 2, 4 and 6 for two equal arms), filled with the arms in their ratio and shuffled
    (Fisher-Yates). The order of ``arms`` matters: callers pass it in a fixed order.
    """
    names, weights = _arms_and_weights(arms)
    unit = block_unit(weights)
    sizes = list(block_sizes) if block_sizes else [unit * m for m in DEFAULT_BLOCK_MULTIPLES]
    if any(size < unit or size % unit for size in sizes):
        raise ValueError(f"Every block size must be a multiple of {unit} (the arms' ratios).")
    stream = _Stream(seed, stratum)
    while True:
        size = sizes[stream.below(len(sizes))]
        block = [name for name, w in zip(names, weights, strict=True) for _ in range(w)]
        block *= size // unit
        for i in range(len(block) - 1, 0, -1):
            j = stream.below(i + 1)
            block[i], block[j] = block[j], block[i]
        yield from block


def allocation_at(
    seed: bytes,
    stratum: str,
    arms: Sequence[str] | Mapping[str, int],
    index: int,
    block_sizes: Sequence[int] | None = None,
) -> str:
    """The allocation at position ``index`` (from 0) of a stratum's list."""
    if index < 0:
        raise ValueError("An allocation index starts at 0.")
    for position, arm in enumerate(allocation_list(seed, stratum, arms, block_sizes)):
        if position == index:
            return arm
    raise AssertionError("unreachable: the list is endless")
