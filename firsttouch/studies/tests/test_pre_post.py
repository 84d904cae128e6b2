"""The two-group pre/post analysis: equal to statsmodels run directly, and right about a
planted effect."""

from __future__ import annotations

import json
import math
import random

import pandas as pd
import pytest
import statsmodels.formula.api as smf
from statsmodels.stats.weightstats import ttest_ind

from firsttouch.studies.analysis import PrePost, pre_post

from .synthetic import CONTROL, TREATMENT, pre_post_study

TOL = 1e-8


def frame(records: list[PrePost]) -> pd.DataFrame:
    """The exported data set, as a statistician would load it."""
    df = pd.DataFrame([vars(r) for r in records]).dropna()
    df["change"] = df["post"] - df["baseline"]
    return df


def test_the_t_test_and_ancova_equal_statsmodels_run_directly() -> None:
    records = pre_post_study(random.Random(11), per_arm=40, effect=-4.0, missing=0.15)
    result = pre_post(records, CONTROL, TREATMENT)
    df = frame(records)

    treated = df.loc[df.arm == TREATMENT, "change"]
    control = df.loc[df.arm == CONTROL, "change"]
    t, p, dof = ttest_ind(treated, control, usevar="unequal")
    assert result.t_statistic == pytest.approx(t, abs=TOL)
    assert result.degrees_of_freedom == pytest.approx(dof, abs=TOL)
    assert result.change_difference.p_value == pytest.approx(p, abs=TOL)
    assert result.change_difference.estimate == pytest.approx(
        treated.mean() - control.mean(), abs=TOL
    )
    # The Welch interval from its definition: difference +/- t(dof) x SE.
    from scipy.stats import t as student

    se = math.sqrt(treated.var() / len(treated) + control.var() / len(control))
    half = student.ppf(0.975, dof) * se
    assert result.change_difference.ci_low == pytest.approx(
        treated.mean() - control.mean() - half, abs=TOL
    )
    assert result.change_difference.ci_high == pytest.approx(
        treated.mean() - control.mean() + half, abs=TOL
    )

    ols = smf.ols(f"post ~ C(arm, Treatment('{CONTROL}')) + baseline", data=df).fit()
    name = f"C(arm, Treatment('{CONTROL}'))[T.{TREATMENT}]"
    assert result.ancova_arm_effect.estimate == pytest.approx(ols.params[name], abs=TOL)
    assert result.ancova_arm_effect.p_value == pytest.approx(ols.pvalues[name], abs=TOL)
    low, high = ols.conf_int().loc[name]
    assert (result.ancova_arm_effect.ci_low, result.ancova_arm_effect.ci_high) == pytest.approx(
        (low, high), abs=TOL
    )


def test_hedges_g_is_the_small_sample_corrected_standardised_difference() -> None:
    records = pre_post_study(random.Random(5), per_arm=25, effect=-3.0)
    result = pre_post(records, CONTROL, TREATMENT)
    df = frame(records)
    a, b = df.loc[df.arm == TREATMENT, "change"], df.loc[df.arm == CONTROL, "change"]
    pooled = math.sqrt(((len(a) - 1) * a.var() + (len(b) - 1) * b.var()) / (len(a) + len(b) - 2))
    d = (a.mean() - b.mean()) / pooled
    g = d * (1 - 3 / (4 * 50 - 9))
    assert result.hedges_g.estimate == pytest.approx(g, abs=TOL)
    assert result.hedges_g.ci_low < g < result.hedges_g.ci_high
    assert abs(g) < abs(d)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_planted_effect_lies_inside_both_intervals(seed: int) -> None:
    records = pre_post_study(random.Random(seed), per_arm=150, effect=-4.0)
    result = pre_post(records, CONTROL, TREATMENT)
    for estimate in (result.change_difference, result.ancova_arm_effect):
        assert estimate.ci_low < -4.0 < estimate.ci_high
        assert estimate.p_value is not None and estimate.p_value < 0.05


def test_missing_posts_are_counted_not_analysed() -> None:
    records = [
        PrePost("a", CONTROL, 50, 52),
        PrePost("b", CONTROL, 48, None),
        PrePost("c", CONTROL, 47, 49.5),
        PrePost("d", CONTROL, None, 51),
        PrePost("e", TREATMENT, 51, 47),
        PrePost("f", TREATMENT, 49, 46),
        PrePost("g", TREATMENT, 50, 44),
    ]
    result = pre_post(records, CONTROL, TREATMENT)
    assert result.n_randomised == {CONTROL: 4, TREATMENT: 3}
    assert result.n_analysed == {CONTROL: 2, TREATMENT: 3}
    assert result.n_missing == {CONTROL: 2, TREATMENT: 0}
    assert result.mean_change[CONTROL] == pytest.approx(2.25)
    assert result.mean_change[TREATMENT] == pytest.approx(-13 / 3)


def test_the_result_is_json_with_its_method_and_analysis_set() -> None:
    result = pre_post(pre_post_study(random.Random(2), 20, -2.0), CONTROL, TREATMENT)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert "Welch" in data["method"] and "ANCOVA" in data["method"]
    assert data["analysis_set"].startswith("Intention to treat")
    assert set(data["ancova_arm_effect"]) == {"estimate", "ci_low", "ci_high", "p_value"}


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([PrePost("a", CONTROL, 1, 2)] * 2, "listed twice"),
        ([PrePost("a", "other", 1, 2)], "arms other than"),
        ([PrePost("a", CONTROL, 1, 2), PrePost("b", TREATMENT, 1, 2)], "at least two"),
        (
            [PrePost(str(i), [CONTROL, TREATMENT][i % 2], 1, 2) for i in range(6)],
            "no variation",
        ),
    ],
)
def test_unusable_records_are_refused_with_a_reason(records: list[PrePost], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pre_post(records, CONTROL, TREATMENT)


def test_a_null_study_is_significant_about_one_time_in_twenty() -> None:
    """400 null studies: the count of p < 0.05 is Binomial(400, 0.05), mean 20 and SD 4.4;
    more than 34 (over 3 SD above) would mean the test is too liberal. The ANCOVA too."""
    rng = random.Random(2026)
    t_hits = ancova_hits = 0
    for _ in range(400):
        result = pre_post(pre_post_study(rng, per_arm=15, effect=0.0), CONTROL, TREATMENT)
        t_hits += result.change_difference.p_value < 0.05  # type: ignore[operator]
        ancova_hits += result.ancova_arm_effect.p_value < 0.05  # type: ignore[operator]
    assert 6 <= t_hits <= 34
    assert 6 <= ancova_hits <= 34
