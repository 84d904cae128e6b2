"""Response bodies of the studies' staff API (``studies.api``).

Participants are named by code only: none of these bodies names a person, so none of their
reads writes an access-log row. Per-arm figures (``arm_counts``, the analysis) exist only once
the study is closed (``studies.access``).
"""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from .models import AnalysisDesign, StudyStatus


class StudyOut(Schema):
    id: int
    title: str
    status: StudyStatus
    registration_id: str = Field(description="The trial registry's id; empty until registered.")


class ArmOut(Schema):
    name: str
    intervention: str


class ArmCountOut(Schema):
    arm: str
    participants: int


class EligibilityOut(Schema):
    question: str
    eligible_answer: bool = Field(description="The answer that makes her eligible.")


class TimePointOut(Schema):
    key: str
    label: str
    day: int = Field(description="Days after randomisation.")
    before: int = Field(description="The window opens this many days before.")
    after: int = Field(description="And closes this many days after.")
    instruments: list[str]


class AnalysisPlanOut(Schema):
    design: AnalysisDesign | None = Field(description="Null until the plan is pre-specified.")
    outcome_instrument: str
    control_arm: str
    baseline_point: str = Field(description="Pre/post designs only.")
    outcome_point: str


class ParticipantCodeOut(Schema):
    id: int
    code: str
    enrolled_on: date
    withdrawn: bool


class StudyDetailOut(StudyOut):
    target_size: int
    recruited: int = Field(description="Participants randomised so far (all arms together).")
    arms: list[ArmOut]
    arm_counts: list[ArmCountOut] | None = Field(
        description="Participants per arm: null until the study is closed (concealment)."
    )
    eligibility: list[EligibilityOut]
    schedule: list[TimePointOut]
    analysis_plan: AnalysisPlanOut
    participants: list[ParticipantCodeOut]


class StatusCountsOut(Schema):
    upcoming: int
    due: int
    overdue: int
    complete: int
    out_of_window: int
    missed: int
    withdrawn: int


class CompletenessRowOut(Schema):
    key: str
    label: str
    counts: StatusCountsOut
    due: list[str] = Field(description="Codes of the participants due now.")
    overdue: list[str] = Field(description="Codes of those whose target day has passed.")


class CompletenessOut(Schema):
    on: date = Field(description="The day the statuses are for (the server's today).")
    time_points: list[CompletenessRowOut]


# --- The analysis: ``StudyAnalysis.to_dict()`` typed ---------------------------------------------
# A figure that is not a finite number (NaN, an infinity) is null, as the analysis' JSON has it.


class EstimateOut(Schema):
    estimate: float | None
    ci_low: float | None = Field(description="Lower limit of the 95 % confidence interval.")
    ci_high: float | None
    p_value: float | None = Field(None, description="Where one applies.")


class ConsortFlowOut(Schema):
    analysis_set: str
    assessed: int = Field(description="Assessed for eligibility.")
    excluded: int
    ineligible: int
    declined: int
    other_excluded: int
    eligible: int
    randomised: int
    allocated: dict[str, int] = Field(description="Per arm.")
    withdrawn: dict[str, int]
    data_withdrawn: dict[str, int] = Field(
        description="Withdrew and asked that her data not be analysed."
    )
    followed_up: dict[str, dict[str, int]] = Field(
        description="Arm, then time point: participants with a score."
    )
    lost: dict[str, dict[str, int]] = Field(description="Arm, then time point: without one.")
    analysed: dict[str, int]
    not_analysed: dict[str, int]
    analysis_requires: list[str] = Field(description="Time points the analysis needs.")


class PrePostResultOut(Schema):
    method: str
    analysis_set: str
    control: str
    treatment: str
    n_randomised: dict[str, int]
    n_analysed: dict[str, int]
    n_missing: dict[str, int]
    mean_change: dict[str, float | None]
    sd_change: dict[str, float | None]
    change_difference: EstimateOut = Field(description="Treatment minus control (Welch).")
    t_statistic: float | None
    degrees_of_freedom: float | None
    hedges_g: EstimateOut
    ancova_arm_effect: EstimateOut = Field(description="Adjusted for the baseline score.")


class ArmEffectOut(Schema):
    arm: str
    time: str
    difference: EstimateOut
    standardised: EstimateOut


class MixedResultOut(Schema):
    method: str
    analysis_set: str
    control: str
    arms: list[str]
    times: list[str]
    n_participants: dict[str, int]
    n_observations: int
    fixed_effects: dict[str, EstimateOut]
    arm_effects: list[ArmEffectOut]
    variance_participant: float | None
    variance_residual: float | None
    converged: bool
    warnings: list[str] = Field(description="statsmodels' own warnings, word for word.")


class StudyAnalysisOut(Schema):
    design: str = Field(description="The pre-specified design: pre_post or repeated.")
    outcome_instrument: str
    flow: ConsortFlowOut
    results: list[PrePostResultOut | MixedResultOut] = Field(
        description="pre_post: one result per arm against control; repeated: one mixed "
        "model. Empty when `problem` says why the analysis could not run."
    )
    problem: str = Field(description="Why there are no results yet, in a sentence; or empty.")
