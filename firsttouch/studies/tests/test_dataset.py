"""The study's data as records, and its pre-specified analysis run on them."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.programs.models import Organisation
from firsttouch.studies import services
from firsttouch.studies.dataset import analyse, study_data
from firsttouch.studies.models import Study, StudyInvitation
from firsttouch.wellbeing.models import Response
from tests.cast import Member

from .helpers import make_organisation, make_recruiting_study, score

pytestmark = pytest.mark.django_db
FIRST = {"parity": "first baby"}


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def study(org: Organisation) -> Study:
    return make_recruiting_study(org)


def test_records_keep_everyone_randomised_but_not_data_she_withdrew(
    study: Study, alice: Member
) -> None:
    kept, gone = services.enrol(study, FIRST), services.enrol(study, FIRST)
    score(kept, alice, "baseline", 9)
    score(gone, alice, "baseline", 14)
    services.withdraw(gone, keeps_data=False, reason="moved away")
    data = study_data(study)
    assert [p.code for p in data.participants] == [kept.code, gone.code]
    assert data.participants[1].data_withdrawn and data.participants[1].withdrawn_on
    assert data.arms[0] == "usual care"
    assert data.scores("epds") == {(kept.code, "baseline"): 9}
    assert data.assessments[0].answers == {"1": 0}


def test_a_deleted_response_leaves_the_assessment_done_without_a_score(
    study: Study, alice: Member
) -> None:
    participant = services.enrol(study, FIRST)
    assessment = score(participant, alice, "baseline", 9)
    assert assessment.response_id is not None
    Response.objects.filter(pk=assessment.response_id).delete()
    (record,) = study_data(study).assessments
    assert record.total is None and record.time_point == "baseline"


def test_the_flow_counts_screened_caregivers_once_by_their_latest_outcome(
    study: Study, alice: Member, bob: Member, dan: Member
) -> None:
    staff = User.objects.create_user("r@example.org", "r@example.org", "x")
    now = timezone.now()
    for caregiver, outcomes in (
        (alice.user, ["ineligible", "declined"]),  # invited again, then said no
        (bob.user, ["ineligible"]),
        (dan.user, ["declined", "enrolled"]),  # enrolled in the end: randomised, not excluded
    ):
        for i, outcome in enumerate(outcomes):
            StudyInvitation.objects.create(
                study=study,
                caregiver=caregiver,
                invited_by=staff,
                closed_at=now + timedelta(minutes=i),
                outcome=outcome,
            )
    participant = services.enrol(study, FIRST)
    participant.caregiver = dan.user
    participant.save()
    flow = analyse(study_data(study)).flow
    assert (flow.assessed, flow.ineligible, flow.declined, flow.randomised) == (3, 1, 1, 1)


def test_too_few_scores_is_said_not_analysed(study: Study, alice: Member) -> None:
    score(services.enrol(study, FIRST), alice, "baseline", 9)
    result = analyse(study_data(study))
    assert result.results == ()
    assert result.problem.startswith("Not analysable yet:")
    assert result.to_dict()["flow"]["randomised"] == 1


def test_the_pre_specified_mixed_model_runs_on_the_study_scores(
    study: Study, alice: Member
) -> None:
    rng = random.Random(4)
    for _ in range(24):
        participant = services.enrol(study, FIRST)
        lower = 3 if participant.arm.name == "massage" else 0
        score(participant, alice, "baseline", rng.randint(8, 16))
        score(participant, alice, "week4", max(0, rng.randint(8, 16) - lower))
    result = analyse(study_data(study))
    assert result.problem == ""
    (mixed,) = result.results
    assert mixed.control == "usual care" and mixed.n_observations == 48
    assert [e.time for e in mixed.arm_effects] == ["Baseline", "Week 4"]
    allocated = Counter(p.arm for p in study_data(study).participants)
    assert result.flow.analysed == allocated and sum(allocated.values()) == 24


def test_a_pre_post_study_compares_each_arm_with_control(study: Study, alice: Member) -> None:
    Study.objects.filter(pk=study.pk).update(
        analysis_design="pre_post", baseline_point="baseline", outcome_point="week4"
    )
    study.refresh_from_db()
    rng = random.Random(5)
    for i in range(20):
        participant = services.enrol(study, FIRST)
        score(participant, alice, "baseline", rng.randint(8, 16))
        if i != 0:
            score(participant, alice, "week4", rng.randint(5, 16))
    result = analyse(study_data(study))
    (comparison,) = result.results
    assert (comparison.control, comparison.treatment) == ("usual care", "massage")
    assert sum(comparison.n_analysed.values()) == 19
    assert sum(result.flow.analysed.values()) == 19
