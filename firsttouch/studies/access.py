"""Who sees what of a study (docs/decisions/0010-study-enrolment.md), for the pages and the API.

Studies are run by researchers and the organisation's admins; clinicians and class leaders get
a 404. Per-arm figures (counts per arm, and the analysis, whose CONSORT flow and results are
per arm) are shown only once the study is closed: while it recruits, counts per arm within a
stratum would help guess the end of a block, and so the next allocation.
"""

from __future__ import annotations

from firsttouch.programs.models import STUDY_FOLLOW_UP, StaffMembership, StaffRole

from .models import Arm, Study, StudyStatus

# Who runs studies: researchers and the organisation's admins. Clinicians and class leaders
# do not enrol (docs/decisions/0010-study-enrolment.md).
STUDY_ROLES = frozenset({StaffRole.RESEARCHER, StaffRole.ORG_ADMIN})
# What the access log names when her participant page is read: her study participation,
# which she agreed to in the study's own consent.
STUDY_CATEGORY = STUDY_FOLLOW_UP
CONCEALED = (
    "Figures per arm are concealed while the study is not closed: while it recruits they "
    "would help guess the next allocation. Close recruitment first; until then the study "
    "shows the total recruited."
)


def runs_studies(membership: StaffMembership) -> bool:
    return membership.role in STUDY_ROLES


def shows_arms(study: Study) -> bool:
    """Whether per-arm figures (counts, the CONSORT flow, the analysis) may be shown."""
    return study.status == StudyStatus.CLOSED


def arm_counts(study: Study) -> list[tuple[Arm, int]] | None:
    """Participants per arm, by arm name; None while per-arm figures are concealed."""
    if not shows_arms(study):
        return None
    return [(arm, arm.participants.count()) for arm in study.arms.order_by("name")]
