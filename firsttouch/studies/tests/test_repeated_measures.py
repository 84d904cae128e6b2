"""The repeated-measures analysis: the same mixed model as statsmodels fitted directly on the
exported data, right about a planted effect, and honest about convergence."""

from __future__ import annotations

import json
import random
from dataclasses import fields

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from firsttouch.studies.analysis import Measurement, MixedResult, repeated_measures

from .synthetic import CONTROL, TIMES, TREATMENT, repeated_study

TOL = 1e-8
ARM = f"C(arm, Treatment('{CONTROL}'))[T.{TREATMENT}]"


def direct(records: list[Measurement]) -> tuple[object, pd.DataFrame]:
    """statsmodels on the exported data, written as a statistician would write it. The
    optimiser runs to a tight gradient (1e-10) so that the optimum, not where two optimisers
    happen to stop, is compared."""
    df = pd.DataFrame([vars(r) for r in records])
    formula = f"score ~ C(arm, Treatment('{CONTROL}')) * C(time_order)"
    fit = smf.mixedlm(formula, df, groups=df["participant"]).fit(reml=True, gtol=1e-10)
    return fit, df


def test_the_fit_equals_statsmodels_run_directly_on_the_exported_data() -> None:
    records = repeated_study(random.Random(4), per_arm=60, effect=-2.0, missing=0.2)
    result = repeated_measures(records, CONTROL)
    fit, _ = direct(records)
    assert fit.converged and result.converged  # type: ignore[attr-defined]
    ours = np.array([e.estimate for e in result.fixed_effects.values()])
    np.testing.assert_allclose(ours, np.asarray(fit.fe_params), atol=TOL)  # type: ignore[attr-defined]
    assert result.variance_participant == pytest.approx(float(fit.cov_re.iloc[0, 0]), abs=1e-6)  # type: ignore[attr-defined]
    assert result.variance_residual == pytest.approx(float(fit.scale), abs=1e-6)  # type: ignore[attr-defined]
    for order, label in enumerate(TIMES):
        terms = [ARM] if order == 0 else [ARM, f"{ARM}:C(time_order)[T.{order}]"]
        names = list(fit.fe_params.index)  # type: ignore[attr-defined]
        contrast = np.array([[1.0 if name in terms else 0.0 for name in names]])
        test = fit.t_test(contrast)  # type: ignore[attr-defined]
        effect = next(e for e in result.arm_effects if e.time == label).difference
        assert effect.estimate == pytest.approx(float(test.effect[0]), abs=TOL)
        low, high = np.asarray(test.conf_int(alpha=0.05))[0]
        assert effect.ci_low == pytest.approx(low, abs=1e-7)
        assert effect.ci_high == pytest.approx(high, abs=1e-7)
        assert effect.p_value == pytest.approx(float(test.pvalue), abs=1e-7)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_planted_effect_lies_inside_the_interval_at_each_later_time(seed: int) -> None:
    records = repeated_study(random.Random(seed), per_arm=80, effect=-2.5, missing=0.1)
    result = repeated_measures(records, CONTROL)
    for effect in result.arm_effects:
        truth = 0.0 if effect.time == "baseline" else -2.5
        assert effect.difference.ci_low < truth < effect.difference.ci_high, effect


def test_the_standardised_effect_divides_by_the_total_sd_of_one_score() -> None:
    records = repeated_study(random.Random(8), per_arm=80, effect=-2.0)
    result = repeated_measures(records, CONTROL)
    sd = (result.variance_participant + result.variance_residual) ** 0.5
    last = result.arm_effects[-1]
    assert last.standardised.estimate == pytest.approx(last.difference.estimate / sd)
    assert last.standardised.ci_low == pytest.approx(last.difference.ci_low / sd)
    # Planted: -2 over sqrt(3^2 + 2^2) = -0.55.
    assert last.standardised.ci_low < -2 / 13**0.5 < last.standardised.ci_high


def test_mothers_with_missing_time_points_still_count() -> None:
    records = repeated_study(random.Random(6), per_arm=30, effect=-2.0)
    dropped = [r for r in records if not (r.participant == "m1" and r.time_order >= 2)]
    result = repeated_measures(dropped, CONTROL)
    assert result.n_observations == len(records) - 2
    assert result.n_participants == {CONTROL: 30, TREATMENT: 30}
    assert result.times == tuple(TIMES)
    assert result.arms == (CONTROL, TREATMENT)


def test_a_fit_on_the_boundary_reports_statsmodels_warning() -> None:
    """No between-mother variance at all: the estimate sits on the boundary (zero), and the
    result says so in statsmodels' own words instead of hiding it."""
    records = repeated_study(random.Random(3), per_arm=10, effect=0.0, sd_mother=0.0)
    result = repeated_measures(records, CONTROL)
    assert result.variance_participant < 0.01
    assert any("boundary" in w for w in result.warnings), result.warnings


def test_the_result_is_json_with_its_method_and_analysis_set() -> None:
    result = repeated_measures(repeated_study(random.Random(1), 10, -1.0), CONTROL)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert "random intercept" in data["method"] and "REML" in data["method"]
    assert data["analysis_set"].startswith("Intention to treat")
    assert [e["time"] for e in data["arm_effects"]] == TIMES
    assert set(data) == {f.name for f in fields(MixedResult)}


def test_a_mother_in_two_arms_or_a_time_with_two_orders_is_refused() -> None:
    records = repeated_study(random.Random(1), 5, 0.0)
    first = records[0]
    other_arm = Measurement(first.participant, TREATMENT, "extra", 9, first.score)
    with pytest.raises(ValueError, match="listed in two arms"):
        repeated_measures([*records, other_arm], CONTROL)
    reordered = Measurement("m3", TREATMENT, "week 4", 7, 10.0)
    with pytest.raises(ValueError, match="two different orders"):
        repeated_measures([*records, reordered], CONTROL)


def test_a_score_twice_at_one_time_or_one_arm_only_is_refused() -> None:
    records = repeated_study(random.Random(1), 5, 0.0)
    with pytest.raises(ValueError, match="two scores at baseline"):
        repeated_measures([*records, records[0]], CONTROL)
    with pytest.raises(ValueError, match="control arm"):
        repeated_measures([r for r in records if r.arm == CONTROL], CONTROL)


def test_an_arm_without_scores_at_a_time_point_is_refused() -> None:
    records = repeated_study(random.Random(1), 5, 0.0)
    gap = [r for r in records if not (r.arm == TREATMENT and r.time_label == "week 8")]
    with pytest.raises(ValueError, match="none for massage at week 8"):
        repeated_measures(gap, CONTROL)


def test_scores_without_residual_noise_are_still_fitted() -> None:
    """Each mother's scores differ by the same steps: the quick starting point stops at the
    edge of its search range, and statsmodels' own optimiser carries on from there."""
    records = repeated_study(random.Random(2), 6, -1.0, sd_residual=0.0)
    result = repeated_measures(records, CONTROL)
    assert result.variance_residual == pytest.approx(0.0, abs=1e-6)
    baseline, *later = result.arm_effects
    for effect in later:
        assert effect.difference.estimate == pytest.approx(
            baseline.difference.estimate - 1.0, abs=1e-6
        )


def _null_hits(reps: int) -> int:
    rng = random.Random(11)
    hits = 0
    for _ in range(reps):
        result = repeated_measures(repeated_study(rng, per_arm=20, effect=0.0), CONTROL)
        last = result.arm_effects[-1].difference
        hits += last.p_value is not None and last.p_value < 0.05
    return hits


@pytest.mark.slow
def test_a_null_study_is_significant_about_one_time_in_twenty() -> None:
    """400 null trials (20 mothers an arm, 4 time points): the count with p < 0.05 at the last
    time point is Binomial(400, 0.05) if the test holds its level: mean 20, SD 4.4. Over 34
    (3 SD above) means it is too liberal (the Wald z-test may be slightly liberal with 40
    mothers; more than that would be a fault)."""
    hits = _null_hits(400)
    assert 6 <= hits <= 34, hits
