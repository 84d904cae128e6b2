"""The analyses of the two study designs the app reproduces, as pure functions over records.

- ``pre_post``: two groups measured before and after (the design of the NICU attachment
  study): the groups' mean changes compared with Welch's t-test (unequal variances: nothing
  makes the arms' spreads of change equal), Hedges' g with its interval, and ANCOVA of the post
  score adjusted for the baseline (the more powerful estimate when baseline and post correlate).
- ``repeated_measures``: the EPDS trial's design, a linear mixed model score ~ arm x time with
  a random intercept per mother, fitted by REML, and the arm difference at each time point.

Everything is computed by statsmodels; numpy, scipy, pandas and statsmodels are imported
inside the functions because a server process must not load them at start-up
(tests/test_startup_imports.py). Inputs are plain dataclasses, never ORM rows, so the same
functions run on an exported data set and the tests can compare them with statsmodels run
directly. Every result states its method and its analysis set in words.

The analysis set is intention to treat: each participant is analysed in the arm she was
allocated to, whatever she received, with the data she has. The caller passes the allocated
arm; the CONSORT flow (``studies.consort``) counts who is in each analysis.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext, gettext_noop

# English here (the API, the exports); the report shows it translated (gettext_noop).
ITT = gettext_noop(
    "Intention to treat: every randomised participant is analysed in the arm she was "
    "allocated to, with the data she has."
)
Z95 = 1.959963984540054  # the 97.5th centile of the standard normal


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95 % confidence interval (and p-value where one applies)."""

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float | None = None


def _plain(value: Any) -> Any:
    """JSON-ready: NaN and infinities (not valid JSON) become None, tuples become lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class JsonResult:
    """A result that becomes JSON as it is: for the API, the exports and the report."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))  # type: ignore[call-overload]


# --- Two-group pre/post ---------------------------------------------------------------------


@dataclass(frozen=True)
class PrePost:
    participant: str
    arm: str
    baseline: float | None
    post: float | None


@dataclass(frozen=True)
class PrePostResult(JsonResult):
    method: str
    analysis_set: str
    control: str
    treatment: str
    n_randomised: dict[str, int]
    n_analysed: dict[str, int]
    n_missing: dict[str, int]  # a baseline or a post score missing: counted, not analysed
    mean_change: dict[str, float]
    sd_change: dict[str, float]
    change_difference: Estimate  # treatment minus control, Welch's t-test
    t_statistic: float
    degrees_of_freedom: float
    hedges_g: Estimate
    ancova_arm_effect: Estimate  # treatment minus control, adjusted for baseline


PRE_POST_METHOD = gettext_noop(
    "Change from baseline (post minus baseline) compared between arms with Welch's t-test "
    "(no assumption of equal variances); difference in mean change with its 95 % CI. "
    "Standardised effect: Hedges' g (the difference divided by the pooled SD of change, "
    "corrected for small samples), 95 % CI from its large-sample standard error. ANCOVA: "
    "ordinary least squares of the post score on arm and baseline; the arm coefficient is "
    "the baseline-adjusted difference. Participants without both scores are counted and "
    "left out of these analyses."
)


def pre_post(records: Sequence[PrePost], control: str, treatment: str) -> PrePostResult:
    """Compare two arms' changes from baseline: t-test on changes, Hedges' g, and ANCOVA."""
    import numpy as np
    import statsmodels.api as sm
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    if control == treatment:
        raise ValueError(gettext("Compare two different arms."))
    seen = Counter(r.participant for r in records)
    twice = sorted(p for p, n in seen.items() if n > 1)
    if twice:
        raise ValueError(
            gettext("Each participant needs one record; listed twice: %(codes)s.")
            % {"codes": twice[:5]}
        )
    unknown = sorted({r.arm for r in records} - {control, treatment})
    if unknown:
        raise ValueError(
            gettext("Records in arms other than %(control)s and %(treatment)s: %(arms)s.")
            % {"control": control, "treatment": treatment, "arms": unknown}
        )
    randomised = Counter(r.arm for r in records)
    complete = [r for r in records if r.baseline is not None and r.post is not None]
    analysed = Counter(r.arm for r in complete)
    for arm in (control, treatment):
        if analysed[arm] < 2:
            raise ValueError(
                gettext("The %(arm)s arm needs at least two participants with both scores.")
                % {"arm": arm}
            )

    change = {
        arm: np.array([r.post - r.baseline for r in complete if r.arm == arm])  # type: ignore[operator]
        for arm in (control, treatment)
    }
    n_t, n_c = len(change[treatment]), len(change[control])
    sd_t, sd_c = float(change[treatment].std(ddof=1)), float(change[control].std(ddof=1))
    pooled = math.sqrt(((n_t - 1) * sd_t**2 + (n_c - 1) * sd_c**2) / (n_t + n_c - 2))
    if pooled == 0:
        raise ValueError(gettext("Every change is the same: there is no variation to compare."))
    compare = CompareMeans(DescrStatsW(change[treatment]), DescrStatsW(change[control]))
    t_stat, p_value, dof = compare.ttest_ind(usevar="unequal")
    low, high = compare.tconfint_diff(alpha=0.05, usevar="unequal")
    difference = float(change[treatment].mean() - change[control].mean())

    g = (1 - 3 / (4 * (n_t + n_c) - 9)) * difference / pooled
    se_g = math.sqrt((n_t + n_c) / (n_t * n_c) + g**2 / (2 * (n_t + n_c)))

    exog: Any = np.column_stack(
        [
            np.ones(len(complete)),
            [1.0 if r.arm == treatment else 0.0 for r in complete],
            [float(r.baseline) for r in complete],  # type: ignore[arg-type]
        ]
    )
    ols = sm.OLS(np.array([float(r.post) for r in complete]), exog).fit()  # type: ignore[arg-type]
    ols_low, ols_high = ols.conf_int(alpha=0.05)[1]

    arms = (control, treatment)
    return PrePostResult(
        method=PRE_POST_METHOD,
        analysis_set=ITT,
        control=control,
        treatment=treatment,
        n_randomised={arm: randomised[arm] for arm in arms},
        n_analysed={arm: analysed[arm] for arm in arms},
        n_missing={arm: randomised[arm] - analysed[arm] for arm in arms},
        mean_change={arm: float(change[arm].mean()) for arm in arms},
        sd_change={treatment: sd_t, control: sd_c},
        change_difference=Estimate(difference, float(low), float(high), float(p_value)),
        t_statistic=float(t_stat),
        degrees_of_freedom=float(dof),
        hedges_g=Estimate(g, g - Z95 * se_g, g + Z95 * se_g),
        ancova_arm_effect=Estimate(
            float(ols.params[1]), float(ols_low), float(ols_high), float(ols.pvalues[1])
        ),
    )


# --- Repeated measures: linear mixed model ---------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    participant: str
    arm: str
    time_label: str
    time_order: int
    score: float


@dataclass(frozen=True)
class ArmEffect:
    """One arm against control at one time point, raw and standardised."""

    arm: str
    time: str
    difference: Estimate
    standardised: Estimate


@dataclass(frozen=True)
class MixedResult(JsonResult):
    method: str
    analysis_set: str
    control: str
    arms: tuple[str, ...]
    times: tuple[str, ...]
    n_participants: dict[str, int]
    n_observations: int
    fixed_effects: dict[str, Estimate]
    arm_effects: tuple[ArmEffect, ...]
    variance_participant: float  # between mothers (the random intercept)
    variance_residual: float  # within a mother, from one time point to another
    converged: bool
    warnings: tuple[str, ...]  # statsmodels' own warnings, word for word: never hidden


MIXED_METHOD = gettext_noop(
    "Linear mixed model score ~ arm x time (treatment coding: the control arm and the first "
    "time point are the reference) with a random intercept per participant, fitted by REML "
    "with statsmodels MixedLM; every available score is used, so a participant with missing "
    "time points still contributes. The arm effect at each time point is the linear "
    "combination of the arm and arm-by-time coefficients, with a Wald 95 % CI (normal). "
    "Standardised effect: that difference divided by the model's total SD of one score, "
    "sqrt(between-participant + residual variance), the SD a single measurement has in the "
    "population; its CI divides the raw CI's limits by the same SD (treated as known)."
)


def _design(
    records: Sequence[Measurement], control: str
) -> tuple[list[str], list[str], list[str], list[list[float]]]:
    """Arms (control first), times (in order), column names and rows of the fixed effects."""
    arm_of: dict[str, str] = {}
    order_of: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for r in records:
        if arm_of.setdefault(r.participant, r.arm) != r.arm:
            raise ValueError(
                gettext("Participant %(code)s is listed in two arms.") % {"code": r.participant}
            )
        if order_of.setdefault(r.time_label, r.time_order) != r.time_order:
            raise ValueError(
                gettext("The time point %(time)s has two different orders.")
                % {"time": r.time_label}
            )
        if (r.participant, r.time_label) in seen:
            raise ValueError(
                gettext("Participant %(code)s has two scores at %(time)s.")
                % {"code": r.participant, "time": r.time_label}
            )
        seen.add((r.participant, r.time_label))
        if not math.isfinite(r.score):
            raise ValueError(
                gettext("Participant %(code)s has no valid score at %(time)s.")
                % {"code": r.participant, "time": r.time_label}
            )
    others = sorted(set(arm_of.values()) - {control})
    if control not in arm_of.values() or not others:
        raise ValueError(
            gettext("Give scores from the control arm (%(control)s) and another arm.")
            % {"control": control}
        )
    times = sorted(order_of, key=lambda label: order_of[label])
    if len(times) < 2:
        raise ValueError(gettext("A repeated-measures analysis needs at least two time points."))
    gaps = [
        gettext("%(arm)s at %(time)s") % {"arm": arm, "time": time}
        for arm in [control, *others]
        for time in times
        if not any(r.arm == arm and r.time_label == time for r in records)
    ]
    if gaps:
        raise ValueError(
            gettext("Each arm needs scores at each time point; none for %(gap)s.")
            % {"gap": gaps[0]}
        )
    names = ["Intercept", *(f"arm[{a}]" for a in others), *(f"time[{t}]" for t in times[1:])]
    names += [f"arm[{a}]:time[{t}]" for t in times[1:] for a in others]
    rows = []
    for r in records:
        arm_cols = [1.0 if r.arm == a else 0.0 for a in others]
        time_cols = [1.0 if r.time_label == t else 0.0 for t in times[1:]]
        rows.append([1.0, *arm_cols, *time_cols, *(a * t for t in time_cols for a in arm_cols)])
    return [control, *others], times, names, rows


def _reml_variance_ratio(exog: Any, endog: Any, groups: Any) -> float | None:
    """The REML estimate of (between-participant variance / residual variance).

    Only a starting point for statsmodels: with a random intercept, each participant's
    covariance is s2 (I + ratio J), whose inverse and determinant have closed forms, so the
    profiled REML criterion needs only per-participant sums and is minimised in milliseconds.
    Starting MixedLM there, its own optimiser finds a zero gradient at once instead of
    iterating (each of its evaluations loops over every participant in Python).
    """
    import numpy as np
    from scipy.optimize import minimize_scalar

    n_obs, n_fe = exog.shape
    size = np.bincount(groups).astype(float)
    sums = np.zeros((len(size), n_fe))
    np.add.at(sums, groups, exog)
    y_sums = np.bincount(groups, weights=endog)
    xtx, xty, yty = exog.T @ exog, exog.T @ endog, endog @ endog

    def criterion(log_ratio: float) -> float:
        ratio = math.exp(log_ratio)
        shrink = ratio / (1 + size * ratio)
        a = xtx - (sums * shrink[:, None]).T @ sums
        b = xty - sums.T @ (shrink * y_sums)
        beta = np.linalg.solve(a, b)
        rss = yty - np.sum(shrink * y_sums**2) - beta @ b
        logdet = np.linalg.slogdet(a)[1]
        return 0.5 * float((n_obs - n_fe) * np.log(rss) + np.log1p(size * ratio).sum() + logdet)

    try:
        with np.errstate(all="ignore"):
            best = minimize_scalar(
                criterion, bounds=(-12.0, 8.0), method="bounded", options={"xatol": 1e-10}
            )
    except np.linalg.LinAlgError:  # a singular design: MixedLM will say so in its own words
        return None
    # A perfect fit (no residual variance) has no finite optimum: let MixedLM start alone.
    return math.exp(best.x) if math.isfinite(best.fun) else None


def repeated_measures(records: Sequence[Measurement], control: str) -> MixedResult:
    """Fit score ~ arm x time with a random intercept per participant; arm effects by time."""
    import numpy as np
    import pandas as pd
    from scipy.stats import norm
    from statsmodels.regression.mixed_linear_model import MixedLM, MixedLMParams

    arms, times, names, rows = _design(records, control)
    exog = np.array(rows)
    endog = np.array([r.score for r in records], dtype=float)
    labels = [r.participant for r in records]
    codes = {p: i for i, p in enumerate(dict.fromkeys(labels))}
    groups = np.array([codes[p] for p in labels])

    ratio = _reml_variance_ratio(exog, endog, groups)
    start = (
        None
        if ratio is None
        else MixedLMParams.from_components(
            fe_params=np.zeros(len(names)), cov_re=np.array([[ratio]])
        )
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = MixedLM(endog, pd.DataFrame(exog, columns=names), groups=groups)
        fit = model.fit(reml=True, start_params=start)
    said = tuple(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))

    beta = np.asarray(fit.fe_params)
    cov = np.asarray(fit.cov_params())[: len(names), : len(names)]
    tau2, sigma2 = float(np.asarray(fit.cov_re)[0, 0]), float(fit.scale)
    total_sd = math.sqrt(tau2 + sigma2)

    def estimate(weights: Any) -> Estimate:
        value = float(weights @ beta)
        se = math.sqrt(float(weights @ cov @ weights))
        p = float(2 * norm.sf(abs(value / se))) if se > 0 else float("nan")
        return Estimate(value, value - Z95 * se, value + Z95 * se, p)

    effects = []
    for arm in arms[1:]:
        for time in times:
            weights = np.zeros(len(names))
            weights[names.index(f"arm[{arm}]")] = 1.0
            if time != times[0]:
                weights[names.index(f"arm[{arm}]:time[{time}]")] = 1.0
            raw = estimate(weights)
            scaled = Estimate(
                raw.estimate / total_sd, raw.ci_low / total_sd, raw.ci_high / total_sd
            )
            effects.append(ArmEffect(arm, time, raw, scaled))

    arm_of = {r.participant: r.arm for r in records}
    per_arm = Counter(arm_of.values())
    return MixedResult(
        method=MIXED_METHOD,
        analysis_set=ITT,
        control=control,
        arms=tuple(arms),
        times=tuple(times),
        n_participants={arm: per_arm[arm] for arm in arms},
        n_observations=len(records),
        fixed_effects={name: estimate(np.eye(len(names))[i]) for i, name in enumerate(names)},
        arm_effects=tuple(effects),
        variance_participant=tau2,
        variance_residual=sigma2,
        converged=bool(fit.converged),
        warnings=said,
    )
