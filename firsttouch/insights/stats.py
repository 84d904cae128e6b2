"""Honest comparisons: a bootstrap interval and sentences that never claim causation.

Plain Python (no numpy): a percentile bootstrap of the difference in means with a seeded
``random.Random`` so the same data always gives the same sentence.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

MIN_DAYS = 7  # PRODUCT: "not enough data yet" until at least 7 days of each group
# 1,000 resamples: the usual floor for a 95% percentile interval (Efron & Tibshirani), and
# half the time of 2,000, which kept a year's page over its 100 ms budget. The seed makes the
# interval's small Monte Carlo wobble the same on every view.
RESAMPLES = 1000
LEVEL = 0.95
SEED = 20161  # any fixed number: determinism, not magic


@dataclass(frozen=True)
class Measure:
    """How to talk about one outcome: its name in a sentence and its unit."""

    key: str
    label: str  # "night sleep", used as "Ava's night sleep"
    unit: str  # "minutes" or "wakings"
    up: str  # "longer" / "more"
    down: str  # "shorter" / "fewer"


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    with_n: int
    without_n: int
    with_mean: float | None = None
    without_mean: float | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    sentence: str = ""

    @property
    def enough_data(self) -> bool:
        return self.difference is not None

    @property
    def clear(self) -> bool:
        """The interval lies wholly on one side of 0."""
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _indices(rng: random.Random, n: int, resamples: int) -> list[Sequence[int]]:
    """``resamples`` lists of ``n`` indices drawn uniformly with replacement from range(n).

    For up to 256 days, indices come from random bytes mapped through ``bytes.translate``
    (bytes at or above the largest multiple of n are dropped, so every index is equally
    likely): the drawing runs in C, which is what keeps a year's bootstrap well under 100 ms
    without numpy. Longer groups fall back to ``random.choices``.
    """
    if n > 256:
        population = range(n)
        return [rng.choices(population, k=n) for _ in range(resamples)]
    limit = 256 - 256 % n
    table = bytes(b % n if b < limit else 0 for b in range(256))
    drop = bytes(range(limit, 256))
    needed = n * resamples
    pool = b""
    while len(pool) < needed:
        pool += rng.randbytes(needed - len(pool) + 64).translate(table, drop)
    return [pool[i * n : (i + 1) * n] for i in range(resamples)]


@lru_cache(maxsize=16)
def _paired_indices(
    seed: int, n_with: int, n_without: int, resamples: int
) -> tuple[list[Sequence[int]], list[Sequence[int]]]:
    """The same resampled days serve every measure of one comparison (cached)."""
    rng = random.Random(seed)
    return _indices(rng, n_with, resamples), _indices(rng, n_without, resamples)


def bootstrap_difference(
    with_: Sequence[float],
    without: Sequence[float],
    *,
    resamples: int = RESAMPLES,
    level: float = LEVEL,
    seed: int = SEED,
) -> tuple[float, float, float]:
    """Difference in means (with - without) and its percentile bootstrap interval.

    Each group is resampled on its own (the days are not paired with each other). The
    resampled days depend only on the seed and the group sizes, so all measures of one
    comparison are resampled on the same days, and drawn once.
    """
    n_with, n_without = len(with_), len(without)
    picks_with, picks_without = _paired_indices(seed, n_with, n_without, resamples)
    get_with, get_without = with_.__getitem__, without.__getitem__
    diffs = sorted(
        sum(map(get_with, a)) / n_with - sum(map(get_without, b)) / n_without
        for a, b in zip(picks_with, picks_without, strict=True)
    )
    tail = (1 - level) / 2
    low = diffs[round(tail * (resamples - 1))]
    high = diffs[round((1 - tail) * (resamples - 1))]
    return mean(with_) - mean(without), low, high


# Values are scaled to integers with this many steps per unit (a thousandth of a minute, or of
# a waking) before packing: far finer than any sentence shows.
SCALE = 1000


def bootstrap_differences(
    columns_with: Sequence[Sequence[float]],
    columns_without: Sequence[Sequence[float]],
    *,
    resamples: int = RESAMPLES,
    level: float = LEVEL,
    seed: int = SEED,
) -> list[tuple[float, float, float]]:
    """``bootstrap_difference`` for several measures of the same days at once.

    Each day's measures (non-negative) are scaled to integers and packed side by side into one
    Python int with room for any sum, so one ``sum`` per resampled group adds every measure
    at once: the bootstrap, most of the insights' time, runs about five times fewer sums.
    Same resampled days as ``bootstrap_difference``; results agree to within 1/SCALE.
    """
    if min((min(c, default=0.0) for c in (*columns_with, *columns_without)), default=0.0) < 0:
        return [
            bootstrap_difference(w, wo, resamples=resamples, level=level, seed=seed)
            for w, wo in zip(columns_with, columns_without, strict=True)
        ]
    n_with, n_without = len(columns_with[0]), len(columns_without[0])
    scaled_with = [[round(v * SCALE) for v in column] for column in columns_with]
    scaled_without = [[round(v * SCALE) for v in column] for column in columns_without]
    top = max((max(c, default=0) for c in (*scaled_with, *scaled_without)), default=0)
    width = (top * max(n_with, n_without)).bit_length() + 1
    mask = (1 << width) - 1

    def pack(columns: list[list[int]], n: int) -> list[int]:
        return [
            sum(column[day] << (width * k) for k, column in enumerate(columns)) for day in range(n)
        ]

    packed_with, packed_without = pack(scaled_with, n_with), pack(scaled_without, n_without)
    picks_with, picks_without = _paired_indices(seed, n_with, n_without, resamples)
    get_with, get_without = packed_with.__getitem__, packed_without.__getitem__
    sums = [
        (sum(map(get_with, a)), sum(map(get_without, b)))
        for a, b in zip(picks_with, picks_without, strict=True)
    ]
    tail = (1 - level) / 2
    results = []
    for k, (w, wo) in enumerate(zip(columns_with, columns_without, strict=True)):
        shift = width * k
        diffs = sorted(
            ((a >> shift) & mask) / (SCALE * n_with) - ((b >> shift) & mask) / (SCALE * n_without)
            for a, b in sums
        )
        results.append(
            (
                mean(w) - mean(wo),
                diffs[round(tail * (resamples - 1))],
                diffs[round((1 - tail) * (resamples - 1))],
            )
        )
    return results


def _amount(value: float, measure: Measure) -> str:
    """ "40 minutes" for durations, "0.8" for counts (the noun follows the direction)."""
    if measure.unit == "minutes":
        n = round(abs(value))
        return f"{n} minute{'s' if n != 1 else ''}"
    return f"{abs(value):.1f}".rstrip("0").rstrip(".")


def _direction(value: float, measure: Measure) -> str:
    return measure.up if value > 0 else measure.down


def _bound(value: float, measure: Measure) -> str:
    """One end of an interval: "12 minutes shorter", "0.5 more", or "no difference"."""
    amount = _amount(value, measure)
    if amount in {"0", "0 minutes"}:
        return "no difference"
    return f"{amount} {_direction(value, measure)}"


def compare(
    measure: Measure,
    with_: Sequence[float],
    without: Sequence[float],
    *,
    name: str,
    condition: str = "an evening massage",
    seed: int = SEED,
    resamples: int = RESAMPLES,
) -> Comparison:
    """Compare one measure between days with and without ``condition``, in words.

    Below ``MIN_DAYS`` in either group there is no number at all, only "not enough data yet":
    a difference from four nights is noise that reads like news.
    """
    return compare_all(
        [measure],
        [with_],
        [without],
        name=name,
        condition=condition,
        seed=seed,
        resamples=resamples,
    )[0]


def compare_all(
    measures: Sequence[Measure],
    with_: Sequence[Sequence[float]],
    without: Sequence[Sequence[float]],
    *,
    name: str,
    condition: str = "an evening massage",
    seed: int = SEED,
    resamples: int = RESAMPLES,
) -> list[Comparison]:
    """``compare`` for several measures of the same days, bootstrapped together."""
    n_with, n_without = len(with_[0]), len(without[0])
    if n_with < MIN_DAYS or n_without < MIN_DAYS:
        return [_not_enough(m, n_with, n_without, name, condition) for m in measures]
    intervals = bootstrap_differences(with_, without, seed=seed, resamples=resamples)
    return [
        _described(m, w, wo, diff, low, high, name, condition)
        for m, w, wo, (diff, low, high) in zip(measures, with_, without, intervals, strict=True)
    ]


def _not_enough(
    measure: Measure, n_with: int, n_without: int, name: str, condition: str
) -> Comparison:
    sentence = (
        f"Not enough data yet to compare {name}'s {measure.label}: "
        f"{n_with} day{'s' if n_with != 1 else ''} with {condition} and "
        f"{n_without} without; at least {MIN_DAYS} of each are needed."
    )
    return Comparison(measure, n_with, n_without, sentence=sentence)


def _described(
    measure: Measure,
    with_: Sequence[float],
    without: Sequence[float],
    diff: float,
    low: float,
    high: float,
    name: str,
    condition: str,
) -> Comparison:
    """The comparison with its sentence: a clear difference, none, or an unclear one."""
    base = Comparison(
        measure, len(with_), len(without), mean(with_), mean(without), diff, low, high
    )
    percent = round(LEVEL * 100)
    if base.clear:
        if measure.unit == "minutes":
            headline = (
                f"{name}'s {measure.label} was on average {_amount(diff, measure)} "
                f"{_direction(diff, measure)}"
            )
        else:
            headline = (
                f"{name} had on average {_amount(diff, measure)} "
                f"{_direction(diff, measure)} {measure.label}"
            )
        near, far = (low, high) if diff > 0 else (high, low)
        # "between 25 and 61 minutes longer": the unit once, after the second bound.
        near_text = f"{abs(near):.1f}".rstrip("0").rstrip(".")
        if measure.unit == "minutes":
            near_text = str(round(abs(near)))
        sentence = (
            f"On days with {condition}, {headline} "
            f"(between {near_text} and {_amount(far, measure)} "
            f"{_direction(diff, measure)}, {percent}% interval). This shows an "
            "association, not that the massage caused it."
        )
    elif _bound(low, measure) == _bound(high, measure) == "no difference":
        # Every resample agreed on no difference (e.g. no night wakings on any day).
        sentence = (
            f"No difference in {name}'s {measure.label} between days with and "
            f"without {condition}: on average {_amount(mean(with_), measure)} with "
            f"and {_amount(mean(without), measure)} without."
        )
    else:
        sentence = (
            f"No clear difference in {name}'s {measure.label} between days with and "
            f"without {condition} (the {percent}% interval runs from "
            f"{_bound(low, measure)} to {_bound(high, measure)})."
        )
    return Comparison(
        measure,
        base.with_n,
        base.without_n,
        base.with_mean,
        base.without_mean,
        diff,
        low,
        high,
        sentence,
    )
