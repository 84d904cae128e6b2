"""The comparison method: a planted effect is found, chance is not called clear, the words hold.

The full null and power figures (2,000 logs per scenario) are in bench/insights_null.py; here a
small, fast version of the same checks stays in the suite.
"""

from __future__ import annotations

import math
import random

import pytest

from firsttouch.insights.stats import (
    CONTEXT,
    LEVEL,
    MEASURES,
    PRIMARY,
    SECONDARY,
    Comparison,
    Design,
    Measure,
    compare_days,
    fit,
    t_critical,
)

NIGHT = Measure("night_sleep", "night sleep", "minutes", "longer", "shorter", PRIMARY)
WAKINGS = Measure("night_wakings", "night wakings", "wakings", "more", "fewer", SECONDARY)


def alternate(n: int) -> list[bool]:
    return [i % 2 == 0 for i in range(n)]


def one(measure: Measure, values: list[float], massage: list[bool]) -> Comparison:
    return compare_days([measure], list(range(len(values))), massage, [values], name="Ava")[0]


def test_planted_effect_is_detected_and_worded_as_a_possible_association() -> None:
    rng = random.Random(1)
    massage = alternate(40)
    values = [600 + rng.gauss(0, 40) + (45 if m else 0) for m in massage]
    result = one(NIGHT, values, massage)
    assert result.clear and result.low is not None and result.low > 0
    assert "Ava's night sleep was on average" in result.sentence
    assert "longer" in result.sentence and "95% interval" in result.sentence
    assert "may be part of the reason" in result.sentence
    assert "association, not that the massage caused it" in result.sentence


def test_no_effect_is_not_claimed() -> None:
    rng = random.Random(2)
    massage = alternate(40)
    result = one(NIGHT, [600 + rng.gauss(0, 40) for _ in massage], massage)
    assert not result.clear
    assert result.sentence.startswith("No clear difference")
    assert "may still show with more days" in result.sentence


def test_six_days_is_not_enough_and_seven_is() -> None:
    rng = random.Random(3)
    six = [True] * 6 + [False] * 20
    result = one(NIGHT, [rng.gauss(600, 40) for _ in six], six)
    assert not result.enough_data and result.sentence.startswith("Not enough data yet")
    seven = [i % 3 == 0 for i in range(21)]
    assert one(NIGHT, [rng.gauss(600, 40) for _ in seven], seven).enough_data


def test_t_critical_values_match_the_published_table() -> None:
    for df, level, table in [
        (1, 0.95, 12.706),
        (5, 0.95, 2.571),
        (10, 0.95, 2.228),
        (24, 0.95, 2.064),
        (10, 0.975, 2.634),
        (120, 0.95, 1.980),
    ]:
        assert t_critical(level, df) == pytest.approx(table, abs=1e-3)


def test_without_autocorrelation_the_interval_is_never_narrower_than_the_textbook_one() -> None:
    """rho estimated 0: the least-squares estimate, a standard error at least the textbook
    one (rho is still taken one standard error above 0), and n - 4 degrees of freedom."""
    rng = random.Random(4)
    days = list(range(30))
    massage = [rng.random() < 0.5 for _ in days]
    # Residuals with negative lag-1 autocorrelation: rho is estimated as 0.
    values = [600 + (20 if i % 2 else -20) + rng.gauss(0, 1) for i in days]
    design = Design.of(days, massage)
    assert design is not None
    result = fit(design, values)
    assert result.rho_estimate == 0.0 and 0.1 < result.rho < 0.25 and result.df == 26
    x = design.columns
    g = design.inverse
    xy = [sum(a * b for a, b in zip(c, values, strict=True)) for c in x]
    beta = [sum(g[i][k] * xy[k] for k in range(3)) for i in range(3)]
    rss = sum((y - sum(beta[k] * x[k][i] for k in range(3))) ** 2 for i, y in enumerate(values))
    assert result.difference == pytest.approx(beta[1])
    assert result.standard_error >= math.sqrt(rss / (30 - 3) * g[1][1]) * (1 - 1e-9)


def test_streaks_and_autocorrelation_widen_the_interval() -> None:
    """The same values read as days in a row (AR(1)) give a wider interval than shuffled."""
    rng = random.Random(5)
    n, phi = 60, 0.7
    noise = [rng.gauss(0, 1)]
    for _ in range(n - 1):
        noise.append(phi * noise[-1] + math.sqrt(1 - phi * phi) * rng.gauss(0, 1))
    massage = [(i // 6) % 2 == 0 for i in range(n)]  # six-day streaks
    streaky = fit(Design.of(list(range(n)), massage), [600 + 45 * e for e in noise])  # type: ignore[arg-type]
    assert streaky.rho_estimate > 0.3
    # The same days in a random order: no dependence left, and no streaks.
    order = list(range(n))
    random.Random(9).shuffle(order)
    apart = fit(
        Design.of(list(range(n)), [massage[i] for i in order]),  # type: ignore[arg-type]
        [600 + 45 * noise[i] for i in order],
    )
    assert apart.rho_estimate < 0.2
    assert streaky.standard_error > 1.3 * apart.standard_error


def test_a_trend_with_rising_uptake_is_not_read_as_a_massage_effect() -> None:
    """Sleep rises 4 minutes a day; massages are late in the log. No effect is planted."""
    rng = random.Random(6)
    n = 40
    massage = [i >= 14 and i % 3 != 0 for i in range(n)]
    values = [540 + 4 * i + rng.gauss(0, 20) for i in range(n)]
    naive = sum(v for v, m in zip(values, massage, strict=True) if m) / sum(massage) - sum(
        v for v, m in zip(values, massage, strict=True) if not m
    ) / (n - sum(massage))
    assert naive > 40  # a plain difference in means would read as a large effect
    result = one(NIGHT, values, massage)
    assert not result.clear


def test_secondaries_are_gated_by_the_primary_and_overlaps_are_context_only() -> None:
    rng = random.Random(7)
    n = 40
    massage = alternate(n)
    series = {
        "total_sleep": [780 + rng.gauss(0, 30) + (120 if m else 0) for m in massage],
        "night_sleep": [600 + rng.gauss(0, 45) for _ in massage],  # no effect
        "longest_stretch": [300 + rng.gauss(0, 20) + (90 if m else 0) for m in massage],
        "night_wakings": [float(rng.choice([0, 1])) + (3 if m else 0) for m in massage],
        "crying": [90 + rng.gauss(0, 10) for _ in massage],
    }
    result = {
        c.measure.key: c
        for c in compare_days(
            MEASURES, list(range(n)), massage, [series[m.key] for m in MEASURES], name="Ava"
        )
    }
    assert [m.role for m in MEASURES].count(PRIMARY) == 1
    assert result["night_sleep"].role == PRIMARY and not result["night_sleep"].clear
    wakings = result["night_wakings"]
    assert wakings.low is not None and wakings.low > 0  # its interval excludes 0 ...
    assert not wakings.clear  # ... but night sleep, the primary, is not clear
    assert "is not read as a finding" in wakings.sentence
    assert wakings.level == pytest.approx(1 - (1 - LEVEL) / 2)  # Bonferroni over two
    for key in ("total_sleep", "longest_stretch"):
        assert result[key].role == CONTEXT
        assert not result[key].clear and result[key].low is None
        assert "not read as a separate finding" in result[key].sentence


def test_identical_days_say_no_difference_in_plain_words() -> None:
    massage = alternate(16)
    result = one(WAKINGS, [0.0] * 16, massage)
    assert result.sentence == (
        "No difference in Ava's night wakings between days with and "
        "without an evening massage: on average 0 with and 0 without."
    )


def _null_log(rng: random.Random) -> tuple[list[bool], list[list[float]]]:
    massage = [True] * 10 + [False] * 10
    rng.shuffle(massage)
    values = {
        "total_sleep": [rng.gauss(780, 45) for _ in massage],
        "night_sleep": [rng.gauss(600, 45) for _ in massage],
        "longest_stretch": [rng.gauss(300, 30) for _ in massage],
        "night_wakings": [float(max(0, round(rng.gauss(2, 1.2)))) for _ in massage],
        "crying": [max(0.0, rng.gauss(90, 30)) for _ in massage],
    }
    return massage, [values[m.key] for m in MEASURES]


def test_two_hundred_null_logs_rarely_claim_anything_and_the_power_case_is_found() -> None:
    """A fast version of bench/insights_null.py (loose bounds: 200 logs, not 2,000)."""
    rng = random.Random(8)
    any_clear = 0
    for _ in range(200):
        massage, values = _null_log(rng)
        found = compare_days(MEASURES, list(range(20)), massage, values, name="B")
        any_clear += any(c.clear for c in found)
    assert any_clear <= 20  # 10 %: the expected 5 % or less, with room for chance
    detected = 0
    for _ in range(100):
        massage = [True] * 14 + [False] * 14
        rng.shuffle(massage)
        night = [rng.gauss(600, 45) + (60 if m else 0) for m in massage]
        primary = compare_days([NIGHT], list(range(28)), massage, [night], name="B")[0]
        detected += primary.clear
    assert detected >= 75


def test_the_same_count_every_day_is_no_difference_not_a_rounding_error() -> None:
    """One waking every night, with and without: exactly no difference, never "0 fewer"."""
    massage = alternate(42)
    for measure in (WAKINGS, NIGHT):
        result = one(measure, [1.0] * 42, massage)
        assert not result.clear and result.difference == 0
        assert result.sentence.startswith("No difference in Ava's")
