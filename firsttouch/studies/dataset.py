"""A study's data as plain records: who was randomised to what, and every score she gave.

One reading of the database for everything that leaves the study's tables: the analysis
report, its JSON, and the researchers' exports. Reading it once, here, is what makes the
report and an export of the same study agree (a test runs statsmodels on the export and
compares it with the report).

The rules applied here, so no caller can forget them:

- Everyone randomised is listed, in her allocated arm (intention to treat), withdrawn or not.
- A participant who withdrew and asked that her data not be used keeps her row (the CONSORT
  flow accounts for her) but none of her assessments leave this module.
- A questionnaire's score is the total stored with her wellbeing response; a response she
  deleted since leaves the assessment with no score (done, not analysable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from . import consort
from .analysis import Measurement, PrePost, pre_post, repeated_measures
from .models import AnalysisDesign, Assessment, Participant, Study, StudyInvitation
from .schedule import TimePoint


@dataclass(frozen=True)
class ParticipantRecord:
    code: str
    arm: str
    stratum: str
    enrolled_on: date
    withdrawn_on: date | None
    data_withdrawn: bool  # withdrew and asked that her data not be analysed
    # Identifiers for an identifiable export only (with a recorded reason); never in reports.
    participant_id: int
    caregiver_id: int | None
    family_id: int | None


@dataclass(frozen=True)
class AssessmentRecord:
    code: str
    time_point: str
    instrument: str
    done_on: date
    total: float | None  # a questionnaire's total; None when not a questionnaire or deleted
    subscales: dict[str, float] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)  # item link id -> its score
    values: dict[str, Any] = field(default_factory=dict)  # a non-questionnaire's measures
    instrument_version: str = ""
    instrument_language: str = ""  # the language version answered (en, or a validated one)


@dataclass(frozen=True)
class Screened:
    """Who was assessed for eligibility through the app: each caregiver once, by the outcome
    of her latest invitation (a re-invited caregiver is one person assessed)."""

    ineligible: int
    declined: int


@dataclass(frozen=True)
class StudyData:
    study: Study
    arms: tuple[str, ...]  # the control arm first, then the others by name
    time_points: tuple[TimePoint, ...]
    participants: tuple[ParticipantRecord, ...]
    assessments: tuple[AssessmentRecord, ...]
    screened: Screened

    def scores(self, instrument: str) -> dict[tuple[str, str], float]:
        """(participant code, time point key) -> the instrument's total, where there is one."""
        return {
            (a.code, a.time_point): a.total
            for a in self.assessments
            if a.instrument == instrument and a.total is not None
        }


def study_data(study: Study) -> StudyData:
    """Read the study once: participants with their arms, assessments with their scores."""
    from firsttouch.wellbeing.models import Response

    control = study.control_arm
    names = sorted(study.arms.values_list("name", flat=True), key=lambda n: (n != control, n))
    participants = tuple(
        ParticipantRecord(
            code=p.code,
            arm=p.arm.name,
            stratum=p.stratum,
            enrolled_on=timezone.localdate(p.enrolled_at),
            withdrawn_on=timezone.localdate(p.withdrawn_at) if p.withdrawn_at else None,
            data_withdrawn=p.withdrawn_at is not None and not p.withdrawal_keeps_data,
            participant_id=p.pk,
            caregiver_id=p.caregiver_id,
            family_id=p.family_id,
        )
        for p in Participant.objects.filter(study=study)
        .select_related("arm")
        .order_by("enrolled_at", "pk")
    )
    withheld = {p.code for p in participants if p.data_withdrawn}
    rows = list(
        Assessment.objects.filter(participant__study=study)
        .exclude(participant__code__in=withheld)
        .select_related("participant")
        .order_by("participant__enrolled_at", "participant_id", "done_on", "pk")
    )
    response_ids = [a.response_id for a in rows if a.response_id is not None]
    responses = {
        r["pk"]: r
        for r in Response.objects.filter(pk__in=response_ids).values(
            "pk", "total", "subscales", "answers", "instrument_version", "instrument_language"
        )
    }
    assessments = []
    for a in rows:
        response = responses.get(a.response_id) if a.response_id is not None else None
        assessments.append(
            AssessmentRecord(
                code=a.participant.code,
                time_point=a.time_point,
                instrument=a.instrument,
                done_on=a.done_on,
                total=None if response is None or response["total"] is None else response["total"],
                subscales=dict(response["subscales"]) if response else {},
                answers=_item_scores(response["answers"]) if response else {},
                values=dict(a.values),
                instrument_version=response["instrument_version"] if response else "",
                instrument_language=response["instrument_language"] if response else "",
            )
        )
    return StudyData(
        study=study,
        arms=tuple(names),
        time_points=study.time_points() if study.schedule else (),
        participants=participants,
        assessments=tuple(assessments),
        screened=_screened(study, {p.caregiver_id for p in participants if p.caregiver_id}),
    )


def _item_scores(answers: Sequence[dict[str, Any]]) -> dict[str, int]:
    return {
        str(a["link_id"]): a["score"]
        for a in answers
        if a.get("link_id") is not None and a.get("score") is not None
    }


def _screened(study: Study, enrolled: set[int]) -> Screened:
    latest: dict[int, str] = {}
    for caregiver_id, outcome in (
        StudyInvitation.objects.filter(study=study)
        .exclude(closed_at=None)
        .order_by("closed_at", "pk")
        .values_list("caregiver_id", "outcome")
    ):
        latest[caregiver_id] = outcome
    outcomes = [o for c, o in latest.items() if c not in enrolled]
    return Screened(ineligible=outcomes.count("ineligible"), declined=outcomes.count("declined"))


# --- The pre-specified primary analysis ------------------------------------------------------


@dataclass(frozen=True)
class StudyAnalysis:
    """The CONSORT flow and the primary analysis as pre-specified; ``problem`` says in a
    sentence why the analysis could not run (too few scores yet, no plan), and then
    ``results`` is empty. Pre/post gives one result per arm against control."""

    design: str
    outcome_instrument: str
    flow: consort.ConsortFlow
    results: tuple[Any, ...]
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "design": self.design,
            "outcome_instrument": self.outcome_instrument,
            "flow": self.flow.to_dict(),
            "results": [r.to_dict() for r in self.results],
            "problem": self.problem,
        }


def analyse(data: StudyData) -> StudyAnalysis:
    """Run the study's pre-specified analysis on its data (intention to treat)."""
    study = data.study
    instrument = study.outcome_instrument
    pre_post_design = study.analysis_design == AnalysisDesign.PRE_POST
    scores = data.scores(instrument)
    keys = [p.key for p in data.time_points]
    required = (study.baseline_point, study.outcome_point) if pre_post_design else ()
    flow = consort.consort_flow(
        assessed=data.screened.ineligible + data.screened.declined + len(data.participants),
        ineligible=data.screened.ineligible,
        declined=data.screened.declined,
        participants=[
            consort.FlowParticipant(
                arm=p.arm,
                observed=frozenset(t for t in keys if (p.code, t) in scores),
                withdrawn=p.withdrawn_on is not None,
                data_withdrawn=p.data_withdrawn,
            )
            for p in data.participants
        ],
        arms=data.arms,
        time_points=keys,
        analysis_requires=[t for t in required if t in keys],
    )
    problem = study.analysis_plan_problem()
    results: list[Any] = []
    if not problem:
        analysed = [p for p in data.participants if not p.data_withdrawn]
        try:
            if pre_post_design:
                records = [
                    PrePost(
                        participant=p.code,
                        arm=p.arm,
                        baseline=scores.get((p.code, study.baseline_point)),
                        post=scores.get((p.code, study.outcome_point)),
                    )
                    for p in analysed
                ]
                for arm in data.arms[1:]:
                    pair = [r for r in records if r.arm in (study.control_arm, arm)]
                    results.append(pre_post(pair, control=study.control_arm, treatment=arm))
            else:
                order = {p.key: (i, p.label) for i, p in enumerate(data.time_points)}
                results.append(
                    repeated_measures(
                        [
                            Measurement(
                                participant=p.code,
                                arm=p.arm,
                                time_label=order[t][1],
                                time_order=order[t][0],
                                score=scores[(p.code, t)],
                            )
                            for p in analysed
                            for t in keys
                            if (p.code, t) in scores
                        ],
                        control=study.control_arm,
                    )
                )
        except ValueError as exc:
            problem, results = gettext("Not analysable yet: %(reason)s") % {"reason": exc}, []
    return StudyAnalysis(
        design=study.analysis_design,
        outcome_instrument=instrument,
        flow=flow,
        results=tuple(results),
        problem=problem,
    )
