"""A study to enrol in: two arms and one stratification factor unless told otherwise."""

from __future__ import annotations

from collections.abc import Mapping

from firsttouch.programs.models import Organisation, OrganisationKind
from firsttouch.studies.models import Arm, Study
from firsttouch.studies.services import open_recruitment

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
