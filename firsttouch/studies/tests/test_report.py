"""The analysis report's words and numbers, built from a StudyAnalysis without the database:
the plan in words, the CONSORT tables, each estimate with its CI and p-value, and nothing per
arm while a study recruits."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from firsttouch.studies import access, consort, report
from firsttouch.studies.analysis import ITT, Estimate, pre_post, repeated_measures
from firsttouch.studies.dataset import StudyAnalysis
from firsttouch.studies.models import Study, StudyStatus

from .helpers import SCHEDULE
from .synthetic import pre_post_study, repeated_study

ARMS = ("usual care", "massage")
KEYS = ("baseline", "week4")


def closed_study(**plan: str) -> Study:
    """An unsaved closed study: the builder reads its protocol only."""
    fields = {
        "analysis_design": "repeated",
        "outcome_instrument": "epds",
        "control_arm": "usual care",
        **plan,
    }
    return Study(
        title="Massage and attachment",
        registration_id="ISRCTN12345678",
        target_size=40,
        status=StudyStatus.CLOSED,
        schedule=SCHEDULE,
        **fields,
    )


def flow(observed: list[tuple[str, set[str]]], **counts: int) -> consort.ConsortFlow:
    people = [consort.FlowParticipant(arm, frozenset(seen)) for arm, seen in observed]
    ineligible, declined = counts.get("ineligible", 0), counts.get("declined", 0)
    return consort.consort_flow(
        assessed=ineligible + declined + len(people),
        ineligible=ineligible,
        declined=declined,
        participants=people,
        arms=ARMS,
        time_points=KEYS,
        analysis_requires=counts.get("requires", ()),  # type: ignore[arg-type]
    )


def test_numbers_have_two_decimals_and_small_p_values_are_bounded() -> None:
    assert report.number(-1.2345) == "-1.23"
    assert report.number(-0.001) == "0.00"  # never "-0.00"
    assert report.number(float("nan")) == "not estimable"
    assert report.p_value(0.0004) == "< 0.001"
    assert report.p_value(0.04321) == "0.043"
    assert report.p_value(None) == "—"
    assert report.interval(Estimate(0.5, -1.234, 2.0)) == "-1.23 to 2.00"


def test_the_plan_is_said_in_words() -> None:
    pre_post_plan = report.plan_sentences(
        closed_study(analysis_design="pre_post", baseline_point="baseline", outcome_point="week4")
    )
    assert pre_post_plan[0].startswith("Design: Two groups, before and after")
    assert "Outcome: the total score of epds." in pre_post_plan
    assert "Before: Baseline; after: Week 4." in pre_post_plan
    assert report.plan_sentences(closed_study())[-1] == "Time points: Baseline, Week 4."
    assert report.plan_sentences(closed_study(analysis_design="")) == (
        "No analysis plan has been specified yet.",
    )


def test_the_consort_tables_count_per_arm_with_totals() -> None:
    both, first = {"baseline", "week4"}, {"baseline"}
    counted = flow(
        [("usual care", both), ("usual care", first), ("massage", both), ("massage", both)],
        ineligible=2,
        declined=1,
        requires=KEYS,  # type: ignore[arg-type]
    )
    built = report.analysis_report(
        closed_study(), StudyAnalysis("pre_post", "epds", counted, (), "")
    )
    assert built.enrolment is not None and built.flow is not None
    enrolment = {row[0]: row[1] for row in built.enrolment.rows}
    assert enrolment["Assessed for eligibility"] == "7"
    assert enrolment["Excluded: not eligible"] == "2"
    assert built.flow.head == ("Stage", "usual care (control)", "massage", "Total")
    rows = {row[0]: row[1:] for row in built.flow.rows}
    assert rows["Allocated"] == ("2", "2", "4")
    assert rows["With a score at Week 4"] == ("1", "2", "3")
    assert rows["Without a score at Week 4"] == ("1", "0", "1")
    assert rows["Analysed"] == ("1", "2", "3")
    assert rows["Not analysed"] == ("1", "0", "1")
    assert "with a score at Baseline and Week 4" in built.flow.caption
    assert built.analysis_set == ITT and built.registration_id == "ISRCTN12345678"


def test_a_pre_post_result_shows_each_estimate_with_its_interval() -> None:
    result = pre_post(
        pre_post_study(random.Random(1), 30, effect=-4.0), control="usual care", treatment="massage"
    )
    analysis = StudyAnalysis("pre_post", "epds", flow([("massage", set())]), (result,), "")
    (shown,) = report.analysis_report(closed_study(), analysis).results
    assert shown.title == "massage against usual care" and shown.method == result.method
    per_arm, estimates = shown.tables
    assert [row[0] for row in per_arm.rows] == ["usual care (control)", "massage"]
    difference = result.change_difference
    assert estimates.rows[0] == (
        "Difference in mean change (Welch's t-test)",
        report.number(difference.estimate),
        report.interval(difference),
        report.p_value(difference.p_value),
    )
    assert estimates.rows[1][1:] == (
        report.number(result.hedges_g.estimate),
        report.interval(result.hedges_g),
        "—",
    )
    assert estimates.rows[2][0] == "ANCOVA: arm effect adjusted for baseline"


def test_a_mixed_model_shows_the_arm_effect_at_each_time_and_its_warnings() -> None:
    fitted = repeated_measures(
        repeated_study(random.Random(2), 20, effect=-2.0), control="usual care"
    )
    said = ("ConvergenceWarning: The MLE may be on the boundary of the parameter space.",)
    result = replace(fitted, converged=False, warnings=said)
    analysis = StudyAnalysis("repeated", "epds", flow([("massage", set())]), (result,), "")
    (shown,) = report.analysis_report(closed_study(), analysis).results
    effects, fixed = shown.tables
    assert [row[0] for row in effects.rows] == [f"massage at {t}" for t in result.times]
    last = result.arm_effects[-1]
    assert effects.rows[-1][1:4] == (
        report.number(last.difference.estimate),
        report.interval(last.difference),
        report.p_value(last.difference.p_value),
    )
    assert effects.rows[-1][4] == report.number(last.standardised.estimate)
    assert [row[0] for row in fixed.rows] == list(result.fixed_effects)
    assert shown.warnings == said
    assert "The model did not converge." in shown.facts
    assert any(f.startswith("Variance between participants: ") for f in shown.facts)


def test_a_problem_is_a_sentence_and_an_empty_study_has_no_tables() -> None:
    nobody = StudyAnalysis("repeated", "epds", flow([]), (), "name the control arm.")
    built = report.analysis_report(closed_study(), nobody)
    assert built.empty and built.notice == report.EMPTY
    assert built.enrolment is None and built.flow is None
    assert built.problem == "Name the control arm."


def test_while_recruiting_the_report_holds_totals_only() -> None:
    study = closed_study()
    study.status = StudyStatus.RECRUITING
    built = report.recruiting_report(study, randomised=6, done=3, due=4)
    assert built.concealed and built.notice == access.CONCEALED
    assert built.totals == (
        "Randomised: 6 of 40.",
        "Assessments done: 3 of 4 that have fallen due (75 %).",
    )
    assert (built.enrolment, built.flow, built.results) == (None, None, ())
    assert report.recruiting_report(study, 1, 0, 0).totals[-1] == (
        "No assessment has fallen due yet."
    )
    with pytest.raises(ValueError, match="totals only"):
        report.analysis_report(study, StudyAnalysis("repeated", "epds", flow([]), (), ""))
