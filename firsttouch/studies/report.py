"""The study's analysis report: what its staff page and its PDF say, as text ready to show.

``analysis_report`` is a pure function of the study's protocol and its ``StudyAnalysis``
(``studies.dataset``): it words the analysis plan, turns the CONSORT flow into tables and each
result into its estimates, intervals and p-values, formatted once here so the page and the
PDF cannot disagree about a number. ``report_for`` is the one reading of the database: the
analysis runs once per request, and not at all while the study recruits.

Concealment (decision 0010): while a study recruits, counts and results per arm would narrow
down the end of a block, so the report then holds only totals: randomised against the target
and the completeness of the assessments due so far (``recruiting_report``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext, gettext_noop, ngettext

from . import followup
from .access import CONCEALED, shows_arms
from .analysis import ITT, Estimate, MixedResult, PrePostResult
from .dataset import StudyAnalysis, analyse, study_data
from .models import AnalysisDesign, Study
from .schedule import Status

NONE = "—"  # a cell with nothing to say (no p-value for Hedges' g)
NOT_ESTIMABLE = gettext_noop("not estimable")
EMPTY = gettext_noop("Nobody has been randomised yet, so there is nothing to analyse.")


@dataclass(frozen=True)
class Table:
    """A table as text: ``head`` names the columns (the first heads the row labels) and the
    first cell of each row is that row's header."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ResultReport:
    """One result of the primary analysis: its title, a few sentences (sample sizes,
    variances, convergence), its tables, statsmodels' warnings word for word, its method."""

    title: str
    facts: tuple[str, ...]
    tables: tuple[Table, ...]
    warnings: tuple[str, ...]
    method: str


@dataclass(frozen=True)
class AnalysisReport:
    title: str
    registration_id: str
    status: str
    plan: tuple[str, ...]
    analysis_set: str
    concealed: bool  # recruiting: totals only, nothing per arm
    totals: tuple[str, ...]
    empty: bool  # nobody randomised
    notice: str  # why the report holds no flow or results (concealed, empty), or ""
    enrolment: Table | None
    flow: Table | None
    results: tuple[ResultReport, ...]
    problem: str  # why the analysis cannot run yet, as a sentence; "" when it ran


# --- Numbers ---------------------------------------------------------------------------------


def number(value: float | None, places: int = 2) -> str:
    """Two decimals; NaN or infinity (a degenerate fit) is said, not printed as "nan"."""
    if value is None or not math.isfinite(value):
        return gettext(NOT_ESTIMABLE)
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.00"


def p_value(value: float | None) -> str:
    """Three decimals, and "< 0.001" below that (a p-value is not known more finely)."""
    if value is None:
        return NONE
    if not math.isfinite(value):
        return gettext(NOT_ESTIMABLE)
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def interval(estimate: Estimate) -> str:
    """The 95 % CI as "low to high" ("to", because a minus sign beside a dash misleads)."""
    return gettext("%(low)s to %(high)s") % {
        "low": number(estimate.ci_low),
        "high": number(estimate.ci_high),
    }


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %"


# --- The plan --------------------------------------------------------------------------------


def plan_sentences(study: Study) -> tuple[str, ...]:
    """The pre-specified analysis in words, from the protocol alone (no data)."""
    if not study.analysis_design:
        return (gettext("No analysis plan has been specified yet."),)
    labels = {p.key: p.label for p in study.time_points()} if study.schedule else {}
    sentences = [gettext("Design: %(design)s.") % {"design": study.get_analysis_design_display()}]
    if study.outcome_instrument:
        sentences.append(
            gettext("Outcome: the total score of %(instrument)s.")
            % {"instrument": study.outcome_instrument}
        )
    if study.control_arm:
        sentences.append(
            gettext("Control arm: %(arm)s; every other arm is compared with it.")
            % {"arm": study.control_arm}
        )
    if study.analysis_design == AnalysisDesign.PRE_POST:
        before = labels.get(study.baseline_point, study.baseline_point)
        after = labels.get(study.outcome_point, study.outcome_point)
        sentences.append(
            gettext("Before: %(before)s; after: %(after)s.") % {"before": before, "after": after}
        )
    elif labels:
        sentences.append(
            gettext("Time points: %(points)s.") % {"points": ", ".join(labels.values())}
        )
    return tuple(sentences)


def _randomised(randomised: int, target: int) -> str:
    return gettext("Randomised: %(randomised)s of %(target)s.") % {
        "randomised": randomised,
        "target": target,
    }


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else ""


def _report(study: Study, **parts: object) -> AnalysisReport:
    """The report with what every report states: the study, its plan, its analysis set."""
    return AnalysisReport(
        title=study.title,
        registration_id=study.registration_id,
        status=study.get_status_display(),
        plan=plan_sentences(study),
        analysis_set=gettext(ITT),
        **parts,  # type: ignore[arg-type]
    )


# --- While recruiting: totals only -----------------------------------------------------------


def recruiting_report(study: Study, randomised: int, done: int, due: int) -> AnalysisReport:
    """The report of a recruiting study: nothing per arm. ``due`` counts the assessments that
    have fallen due so far (done, overdue or missed), ``done`` those done of them."""
    totals = [_randomised(randomised, study.target_size)]
    if due:
        totals.append(
            ngettext(
                "Assessments done: %(done)s of %(due)s that has fallen due (%(percent)s).",
                "Assessments done: %(done)s of %(due)s that have fallen due (%(percent)s).",
                due,
            )
            % {"done": done, "due": due, "percent": percent(done, due)}
        )
    elif randomised:
        totals.append(gettext("No assessment has fallen due yet."))
    return _report(
        study,
        concealed=True,
        totals=tuple(totals),
        empty=randomised == 0,
        notice=CONCEALED,
        enrolment=None,
        flow=None,
        results=(),
        problem="",
    )


# --- Once recruitment is over (or before it opens) -------------------------------------------


def analysis_report(study: Study, analysis: StudyAnalysis) -> AnalysisReport:
    """The full report: the flow per arm and the results. Never for a recruiting study."""
    if not shows_arms(study):
        raise ValueError("Until it closes, a study's report holds totals only (recruiting_report).")
    flow = analysis.flow
    empty = flow.randomised == 0
    return _report(
        study,
        concealed=False,
        totals=(_randomised(flow.randomised, study.target_size),),
        empty=empty,
        notice=gettext(EMPTY) if empty else "",
        enrolment=None if empty else _enrolment(analysis),
        flow=None if empty else _flow(study, analysis),
        results=tuple(_result(r) for r in analysis.results),
        problem=_sentence(analysis.problem),
    )


def _enrolment(analysis: StudyAnalysis) -> Table:
    flow = analysis.flow
    rows = [
        (gettext("Assessed for eligibility"), str(flow.assessed)),
        (gettext("Excluded"), str(flow.excluded)),
        (gettext("Excluded: not eligible"), str(flow.ineligible)),
        (gettext("Excluded: declined to take part"), str(flow.declined)),
    ]
    if flow.other_excluded:
        rows.append((gettext("Excluded: other reasons"), str(flow.other_excluded)))
    rows.append((gettext("Randomised"), str(flow.randomised)))
    return Table(gettext("Enrolment"), (gettext("Stage"), gettext("Participants")), tuple(rows))


def _arm_label(arm: str, control: str) -> str:
    return gettext("%(arm)s (control)") % {"arm": arm} if arm == control else arm


def _flow(study: Study, analysis: StudyAnalysis) -> Table:
    """Allocation, follow-up and analysis per arm (control first), with the total."""
    flow = analysis.flow
    arms = list(flow.allocated)
    labels = {p.key: p.label for p in study.time_points()} if study.schedule else {}

    def row(label: str, counts: Mapping[str, int]) -> tuple[str, ...]:
        return (label, *(str(counts[a]) for a in arms), str(sum(counts.values())))

    rows = [row(gettext("Allocated"), flow.allocated)]
    for key in next(iter(flow.followed_up.values()), {}):
        label = labels.get(key, key)
        with_score = gettext("With a score at %(time)s") % {"time": label}
        without = gettext("Without a score at %(time)s") % {"time": label}
        rows.append(row(with_score, {a: flow.followed_up[a][key] for a in arms}))
        rows.append(row(without, {a: flow.lost[a][key] for a in arms}))
    rows += [
        row(gettext("Withdrew"), flow.withdrawn),
        row(gettext("Withdrew and asked that their data not be used"), flow.data_withdrawn),
        row(gettext("Analysed"), flow.analysed),
        row(gettext("Not analysed"), flow.not_analysed),
    ]
    needs = [labels.get(k, k) for k in flow.analysis_requires]
    if needs:
        caption = gettext(
            "Allocation, follow-up and analysis per arm (analysed: with a score at %(times)s)"
        ) % {"times": gettext(" and ").join(needs)}
    else:
        caption = gettext(
            "Allocation, follow-up and analysis per arm (analysed: with at least one score)"
        )
    return Table(
        caption,
        (gettext("Stage"), *(_arm_label(a, study.control_arm) for a in arms), gettext("Total")),
        tuple(rows),
    )


def _result(result: object) -> ResultReport:
    if isinstance(result, PrePostResult):
        return _pre_post(result)
    if isinstance(result, MixedResult):
        return _mixed(result)
    raise TypeError(f"No report for a {type(result).__name__}.")


def _estimate_row(label: str, estimate: Estimate) -> tuple[str, ...]:
    return (label, number(estimate.estimate), interval(estimate), p_value(estimate.p_value))


def _pre_post(result: PrePostResult) -> ResultReport:
    arms = (result.control, result.treatment)
    per_arm = Table(
        gettext("Change from baseline per arm (after minus before)"),
        (
            gettext("Arm"),
            gettext("Randomised"),
            gettext("Analysed"),
            gettext("Missing a score"),
            gettext("Mean change"),
            gettext("SD of change"),
        ),
        tuple(
            (
                _arm_label(arm, result.control),
                str(result.n_randomised[arm]),
                str(result.n_analysed[arm]),
                str(result.n_missing[arm]),
                number(result.mean_change[arm]),
                number(result.sd_change[arm]),
            )
            for arm in arms
        ),
    )
    arms_named = {"treatment": result.treatment, "control": result.control}
    estimates = Table(
        gettext("Estimates (%(treatment)s minus %(control)s)") % arms_named,
        (gettext("Estimate"), gettext("Value"), gettext("95 % CI"), "p"),
        (
            _estimate_row(
                gettext("Difference in mean change (Welch's t-test)"), result.change_difference
            ),
            _estimate_row(gettext("Hedges' g (standardised difference)"), result.hedges_g),
            _estimate_row(
                gettext("ANCOVA: arm effect adjusted for baseline"), result.ancova_arm_effect
            ),
        ),
    )
    return ResultReport(
        title=gettext("%(treatment)s against %(control)s") % arms_named,
        facts=(
            gettext("Welch's t = %(t)s on %(df)s degrees of freedom.")
            % {"t": number(result.t_statistic), "df": number(result.degrees_of_freedom, 1)},
        ),
        tables=(per_arm, estimates),
        warnings=(),
        method=gettext(result.method),
    )


def _mixed(result: MixedResult) -> ResultReport:
    sizes = ", ".join(f"{arm} {n}" for arm, n in result.n_participants.items())
    effects = Table(
        gettext("Arm effect at each time point (each arm minus %(control)s)")
        % {"control": result.control},
        (
            gettext("Arm and time point"),
            gettext("Difference"),
            gettext("95 % CI"),
            "p",
            gettext("Standardised"),
            gettext("95 % CI"),
        ),
        tuple(
            (
                gettext("%(arm)s at %(time)s") % {"arm": e.arm, "time": e.time},
                number(e.difference.estimate),
                interval(e.difference),
                p_value(e.difference.p_value),
                number(e.standardised.estimate),
                interval(e.standardised),
            )
            for e in result.arm_effects
        ),
    )
    fixed = Table(
        gettext("Fixed effects"),
        (gettext("Term"), gettext("Estimate"), gettext("95 % CI"), "p"),
        tuple(_estimate_row(name, e) for name, e in result.fixed_effects.items()),
    )
    return ResultReport(
        title=gettext("Linear mixed model, arm by time"),
        facts=(
            ngettext(
                "Participants per arm: %(sizes)s; %(n)s score.",
                "Participants per arm: %(sizes)s; %(n)s scores.",
                result.n_observations,
            )
            % {"sizes": sizes, "n": result.n_observations},
            gettext("Variance between participants: %(between)s; residual variance: %(residual)s.")
            % {
                "between": number(result.variance_participant),
                "residual": number(result.variance_residual),
            },
            gettext("The model converged.")
            if result.converged
            else gettext("The model did not converge."),
        ),
        tables=(effects, fixed),
        warnings=result.warnings,  # statsmodels' own words, quoted: never translated
        method=gettext(result.method),
    )


# --- Reading the study -----------------------------------------------------------------------


def _assessments_due(study: Study, today: date) -> tuple[int, int]:
    """(done, fallen due): of the assessments whose target day has passed or that are done."""
    done = due = 0
    for row in followup.completeness(study, today) if study.schedule else []:
        finished = row.counts[Status.COMPLETE] + row.counts[Status.OUT_OF_WINDOW]
        done += finished
        due += finished + row.counts[Status.OVERDUE] + row.counts[Status.MISSED]
    return done, due


def report_for(study: Study, today: date) -> AnalysisReport:
    """The study's report: totals only until it closes, then its analysis, run once."""
    if not shows_arms(study):
        done, due = _assessments_due(study, today)
        return recruiting_report(study, study.participants.count(), done, due)
    return analysis_report(study, analyse(study_data(study)))
