"""The cross-check the issue asks for: the pseudonymised CSV export, read back with pandas and
analysed with statsmodels directly, gives the numbers of the app's own pre-specified analysis
(``analyse(study_data(study))``) on a closed study with a planted effect."""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

import pytest

from firsttouch.programs.models import Organisation
from firsttouch.studies import exports, services
from firsttouch.studies.dataset import analyse, study_data
from firsttouch.studies.models import Study
from tests.cast import Member

from .helpers import make_organisation, make_recruiting_study
from .test_exports import FIRST, scored

pytestmark = pytest.mark.django_db
ARM = "C(arm, Treatment('usual care'))"
EFFECT = ARM + "[T.massage]"


@pytest.fixture
def study() -> Study:
    org: Organisation = make_organisation()
    return make_recruiting_study(org)


def planted(study: Study, alice: Member, seed: int, lower: int = 4) -> None:
    """Thirty participants; the massage arm's week-4 score is ``lower`` points lower; every
    seventh misses week 4 (counted, not analysed in a pre/post design)."""
    rng = random.Random(seed)
    # A fixed allocation seed and fixed codes: the same arms and group order in every run.
    Study.objects.filter(pk=study.pk).update(allocation_seed=bytes([seed]) * 32)
    for i in range(30):
        participant = services.enrol(study, FIRST, code=f"P-{seed}-{i:02d}")
        baseline = rng.randint(8, 18)
        scored(participant, alice, "baseline", baseline)
        if i % 7:
            effect = lower if participant.arm.name == "massage" else 0
            post = max(0, baseline - effect + rng.randint(-3, 3))
            scored(participant, alice, "week4", post, day=28 + rng.randint(-3, 3))
    services.close_recruitment(study)


def exported(study: Study) -> tuple[Any, Any]:
    """participants.csv and assessments.csv of the pseudonymised CSV export, as pandas reads
    them from the ZIP a researcher downloads."""
    import pandas as pd

    study.refresh_from_db()
    r = exports.release(study_data(study), shift_key=bytes(study.date_shift_key))
    with zipfile.ZipFile(io.BytesIO(exports.csv_zip(r))) as archive:
        people = pd.read_csv(io.BytesIO(archive.read("participants.csv")), encoding="utf-8-sig")
        visits = pd.read_csv(io.BytesIO(archive.read("assessments.csv")), encoding="utf-8-sig")
    return people, visits


def test_the_pre_post_analysis_of_the_export_matches_the_report(
    study: Study, alice: Member
) -> None:
    import statsmodels.formula.api as smf
    from scipy import stats

    Study.objects.filter(pk=study.pk).update(
        analysis_design="pre_post", baseline_point="baseline", outcome_point="week4"
    )
    study.refresh_from_db()
    planted(study, alice, seed=11)
    (result,) = analyse(study_data(study)).results

    people, visits = exported(study)
    wide = visits.pivot(index="participant", columns="time_point", values="epds_total")
    frame = people.set_index("participant").join(wide).dropna(subset=["baseline", "week4"])
    frame = frame.rename(columns={"week4": "post"})
    frame["change"] = frame["post"] - frame["baseline"]
    assert len(frame) == sum(result.n_analysed.values())

    ancova = smf.ols(f"post ~ {ARM} + baseline", data=frame).fit()
    assert ancova.params[EFFECT] == pytest.approx(result.ancova_arm_effect.estimate, abs=1e-6)
    low, high = ancova.conf_int().loc[EFFECT]
    assert (low, high) == pytest.approx(
        (result.ancova_arm_effect.ci_low, result.ancova_arm_effect.ci_high), abs=1e-6
    )
    assert ancova.pvalues[EFFECT] == pytest.approx(result.ancova_arm_effect.p_value, abs=1e-6)

    massage = frame.loc[frame["arm"] == "massage", "change"]
    control = frame.loc[frame["arm"] == "usual care", "change"]
    welch = stats.ttest_ind(massage, control, equal_var=False)
    assert welch.statistic == pytest.approx(result.t_statistic, abs=1e-6)
    assert welch.pvalue == pytest.approx(result.change_difference.p_value, abs=1e-6)
    difference = massage.mean() - control.mean()
    assert difference == pytest.approx(result.change_difference.estimate, abs=1e-6)
    assert result.ancova_arm_effect.estimate < -2  # the planted effect is found


def test_the_mixed_model_of_the_export_matches_the_report(study: Study, alice: Member) -> None:
    import statsmodels.formula.api as smf

    planted(study, alice, seed=12)
    (result,) = analyse(study_data(study)).results

    people, visits = exported(study)
    long = visits.dropna(subset=["epds_total"])
    assert len(long) == result.n_observations
    assert "arm" in people.columns and set(long["arm"]) == {"massage", "usual care"}
    model = smf.mixedlm(
        f"epds_total ~ {ARM} * C(time_point, Treatment('baseline'))",
        data=long,
        groups=long["participant"],
    ).fit(reml=True)
    interaction = EFFECT + ":C(time_point, Treatment('baseline'))[T.week4]"
    ours = result.fixed_effects
    # REML is fitted iteratively: each fit stops within its optimiser's tolerance, which
    # moves the fixed effects by a few 1e-6 points (on a 0-30 score) depending on where it
    # started. OLS and Welch above are closed forms and agree to 1e-6; here 1e-5 points.
    assert model.fe_params[EFFECT] == pytest.approx(ours["arm[massage]"].estimate, abs=1e-5)
    assert model.fe_params[interaction] == pytest.approx(
        ours["arm[massage]:time[Week 4]"].estimate, abs=1e-5
    )
    assert float(model.cov_re.iloc[0, 0]) == pytest.approx(result.variance_participant, rel=1e-4)
    assert model.scale == pytest.approx(result.variance_residual, rel=1e-4)
    week4 = next(e for e in result.arm_effects if e.time == "Week 4")
    assert week4.difference.estimate < -2  # the planted effect is found
