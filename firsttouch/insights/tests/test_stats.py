"""The bootstrap finds a planted effect, claims none where there is none, and waits for data."""

from __future__ import annotations

import random

import pytest

from firsttouch.insights.stats import (
    Measure,
    _indices,
    bootstrap_difference,
    bootstrap_differences,
    compare,
)

NIGHT = Measure("night_sleep", "night sleep", "minutes", "longer", "shorter")
WAKINGS = Measure("night_wakings", "night wakings", "wakings", "more", "fewer")


def nights(n: int, mean: float, rng: random.Random) -> list[float]:
    return [rng.gauss(mean, 40) for _ in range(n)]


def test_planted_effect_is_detected_and_worded_as_association() -> None:
    rng = random.Random(1)
    result = compare(NIGHT, nights(30, 645, rng), nights(30, 600, rng), name="Ava")
    assert result.clear and result.low is not None and result.low > 0
    assert "Ava's night sleep was on average" in result.sentence
    assert "longer" in result.sentence and "95% interval" in result.sentence
    assert "association, not that the massage caused it" in result.sentence


def test_no_effect_is_not_claimed() -> None:
    rng = random.Random(2)
    result = compare(NIGHT, nights(30, 600, rng), nights(30, 600, rng), name="Ava")
    assert not result.clear
    assert result.sentence.startswith("No clear difference")


def test_six_days_is_not_enough_and_seven_is() -> None:
    rng = random.Random(3)
    six = compare(NIGHT, nights(6, 650, rng), nights(20, 600, rng), name="Ava")
    assert not six.enough_data and six.sentence.startswith("Not enough data yet")
    seven = compare(NIGHT, nights(7, 650, rng), nights(20, 600, rng), name="Ava")
    assert seven.enough_data


def test_bootstrap_is_deterministic_for_a_seed() -> None:
    a, b = [1.0, 2.0, 3.0, 4.0], [2.0, 2.5, 3.0]
    assert bootstrap_difference(a, b, seed=5) == bootstrap_difference(a, b, seed=5)


def test_groups_longer_than_256_days_are_resampled_too() -> None:
    rng = random.Random(4)
    result = compare(NIGHT, nights(300, 630, rng), nights(300, 600, rng), name="Ava")
    assert result.clear and result.low is not None and result.low > 0


def test_fewer_wakings_read_as_a_count() -> None:
    with_ = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    without = [3.0, 2.0, 3.0, 4.0, 3.0, 2.0, 3.0, 3.0]
    result = compare(WAKINGS, with_, without, name="Ava")
    assert "Ava had on average 2.2 fewer night wakings (between" in result.sentence


def test_resampled_indices_cover_the_range_evenly() -> None:
    picks = _indices(random.Random(0), 100, 400)
    assert all(len(p) == 100 for p in picks)
    counts = [0] * 100
    for p in picks:
        for i in p:
            counts[i] += 1
    assert min(counts) > 300 and max(counts) < 500  # 400 expected each


def test_identical_days_say_no_difference_in_plain_words() -> None:
    wakings = Measure("night_wakings", "night wakings", "wakings", "more", "fewer")
    result = compare(wakings, [0.0] * 8, [0.0] * 9, name="Mia")
    assert result.sentence == (
        "No difference in Mia's night wakings between days with and "
        "without an evening massage: on average 0 with and 0 without."
    )


def test_an_interval_end_at_zero_reads_no_difference() -> None:
    wakings = Measure("night_wakings", "night wakings", "wakings", "more", "fewer")
    result = compare(wakings, [0.0] * 7 + [1.0], [0.0] * 9, name="Mia")
    assert "runs from no difference to" in result.sentence
    assert "0 fewer" not in result.sentence


def test_the_packed_bootstrap_agrees_with_one_measure_at_a_time() -> None:
    rng = random.Random(7)
    days_with, days_without = 40, 55
    columns_with = [
        [rng.uniform(0, 900) for _ in range(days_with)],
        [float(rng.randint(0, 6)) for _ in range(days_with)],
        [0.0] * days_with,
    ]
    columns_without = [
        [rng.uniform(0, 900) for _ in range(days_without)],
        [float(rng.randint(0, 6)) for _ in range(days_without)],
        [0.0] * days_without,
    ]
    packed = bootstrap_differences(columns_with, columns_without)
    for (diff, low, high), w, wo in zip(packed, columns_with, columns_without, strict=True):
        one_diff, one_low, one_high = bootstrap_difference(w, wo)
        assert diff == pytest.approx(one_diff, abs=1e-9)
        assert low == pytest.approx(one_low, abs=1e-3)
        assert high == pytest.approx(one_high, abs=1e-3)


def test_negative_values_fall_back_to_one_measure_at_a_time() -> None:
    with_, without = [[-1.0, 2.0, 3.0] * 3], [[1.0, 0.0, 4.0] * 3]
    [(diff, low, high)] = bootstrap_differences(with_, without)
    assert (diff, low, high) == bootstrap_difference(with_[0], without[0])
