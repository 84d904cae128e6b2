"""A study to enrol in: two arms and one stratification factor unless told otherwise."""

from __future__ import annotations

import random
from collections.abc import Mapping

from django.utils import timezone

from firsttouch.programs.models import Organisation, OrganisationKind
from firsttouch.studies.models import Arm, Assessment, Participant, Study
from firsttouch.studies.services import close_recruitment, enrol, open_recruitment
from firsttouch.wellbeing.models import Response
from tests.cast import Member

PARITY = {"name": "parity", "levels": ["first baby", "not first"]}


def make_study(
    arms: Mapping[str, int] | None = None,
    factors: list[dict[str, object]] | None = None,
    block_multiples: list[int] | None = None,
) -> Study:
    study = Study.objects.create(
        title="Massage and attachment",
        target_size=100,
        stratification_factors=[PARITY] if factors is None else factors,
        block_multiples=block_multiples or [],
    )
    for name, ratio in (arms or {"massage": 1, "usual care": 1}).items():
        Arm.objects.create(study=study, name=name, ratio=ratio, intervention=f"{name} daily")
    return study


SCHEDULE = [
    {"key": "baseline", "label": "Baseline", "day": 0, "after": 3, "instruments": ["epds"]},
    {
        "key": "week4",
        "label": "Week 4",
        "day": 28,
        "before": 7,
        "after": 7,
        "instruments": ["epds"],
    },
]
ELIGIBILITY = [
    {"question": "Is your baby under 8 weeks old?", "eligible_answer": True},
    {"question": "Is your baby in intensive care now?", "eligible_answer": False},
]
ELIGIBLE = [True, False]


def make_recruiting_study(organisation: Organisation, target_size: int = 100) -> Study:
    """A study of ``organisation`` with a complete protocol, open for recruitment."""
    study = make_study()
    study.organisation = organisation
    study.target_size = target_size
    study.eligibility = ELIGIBILITY
    study.schedule = SCHEDULE
    study.consent_text = "We study whether daily massage helps.\n\nYou may stop at any time."
    study.consent_version = "1"
    study.analysis_design = "repeated"
    study.outcome_instrument = "epds"
    study.control_arm = "usual care"
    study.save()
    return open_recruitment(study)


def make_organisation(name: str = "Perinatal research group") -> Organisation:
    return Organisation.objects.create(
        name=name, kind=OrganisationKind.RESEARCH_GROUP, contact_email="trial@example.org"
    )


def score(participant: Participant, member: Member, time_point: str, total: int) -> Assessment:
    """An EPDS response with ``total`` (filled in by ``member``) as her assessment there."""
    response = Response.objects.create(
        family=member.family,
        respondent=member.user,
        instrument_id="epds",
        instrument_version="1",
        status="complete",
        completed_at=timezone.now(),
        total=total,
        answers=[{"link_id": "1", "index": 0, "text": "As much as I always could", "score": 0}],
    )
    return Assessment.objects.create(
        participant=participant,
        time_point=time_point,
        instrument="epds",
        done_on=timezone.localdate(),
        response_id=response.pk,
    )


def make_analysed_study(
    organisation: Organisation,
    member: Member,
    participants: int = 24,
    seed: int = 4,
    design: str = "repeated",
) -> Study:
    """A closed study whose participants all scored at baseline and week 4 (the scores are
    synthetic, ``member`` stands in as every respondent), massage about 3 points lower.
    ``design="pre_post"`` compares baseline with week 4 instead of the mixed model."""
    study = make_recruiting_study(organisation)
    if design == "pre_post":  # past the lock, as only a test may: the plan is set at creation
        Study.objects.filter(pk=study.pk).update(
            analysis_design="pre_post", baseline_point="baseline", outcome_point="week4"
        )
        study.refresh_from_db()
    rng = random.Random(seed)
    for _ in range(participants):
        participant = enrol(study, {"parity": "first baby"})
        lower = 3 if participant.arm.name == "massage" else 0
        score(participant, member, "baseline", rng.randint(8, 16))
        score(participant, member, "week4", max(0, rng.randint(8, 16) - lower))
    return close_recruitment(study)
