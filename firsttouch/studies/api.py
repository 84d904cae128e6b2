"""The studies' staff API: a study's protocol, its follow-up completeness and its analysis.

Mounted under ``/staff`` beside ``programs.api``, with its door, ``staff_allowed``: ``staff_of``
first (another organisation, or a family's key, is a 404; no second factor, 403), then the
pages' role rule (``access.runs_studies``: researchers and org admins) and concealment
(``access.shows_arms``: nothing per arm until the study is closed). Every body names
participants by code only, like the study and completeness pages, so no read here writes an
access-log row. Decisions 0009 and 0010.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router

from firsttouch.api.kit.auth import ACCOUNT_AUTH, AccountRequest
from firsttouch.api.kit.errors import ApiError, ErrorOut
from firsttouch.api.kit.inputs import RowId
from firsttouch.api.kit.paging import ListParams, page_of, paginate
from firsttouch.api.kit.responses import INPUT_ERRORS
from firsttouch.programs.api import staff_allowed

from . import access, followup
from .dataset import analyse, study_data
from .models import Study
from .schedule import Status
from .schemas import CompletenessOut, StudyAnalysisOut, StudyDetailOut, StudyOut

STUDIES = "/organisations/{org_id}/studies"

router = Router(tags=["staff"], auth=ACCOUNT_AUTH)
StudyPage = page_of(StudyOut)


def _studies(request: AccountRequest, org_id: int) -> Any:
    membership = staff_allowed(request, org_id, access.runs_studies, "No studies here.")
    return Study.objects.filter(organisation=membership.organisation)


def _study_or_404(request: AccountRequest, org_id: int, study_id: int) -> Study:
    found = _studies(request, org_id).filter(pk=study_id).first()
    if found is None:
        raise Http404("No such study.")
    return found


def _study_out(study: Study) -> dict[str, Any]:
    return {
        "id": study.pk,
        "title": study.title,
        "status": study.status,
        "registration_id": study.registration_id,
    }


@router.get(
    STUDIES,
    response={200: StudyPage, **INPUT_ERRORS},
    operation_id="list_staff_studies",
    summary="The organisation's studies",
    description="By title, like the studies page. Researchers and org admins only; for "
    "anyone else, and for another organisation, 404.",
)
def list_studies(request: AccountRequest, org_id: RowId, params: Query[ListParams]) -> Any:
    return paginate(request, params, _studies(request, org_id).order_by("title", "pk"), _study_out)


@router.get(
    f"{STUDIES}/{{study_id}}",
    response={200: StudyDetailOut, **INPUT_ERRORS},
    operation_id="get_staff_study",
    summary="A study's protocol and recruitment",
    description="The protocol (arms, eligibility, schedule, the pre-specified analysis), the "
    "total recruited against the target, and the participants by code. Counts per arm "
    "(`arm_counts`) are null until the study is closed: while it recruits they would help "
    "guess the next allocation. Names nobody, so no access-log row.",
)
def get_study(request: AccountRequest, org_id: RowId, study_id: RowId) -> dict[str, Any]:
    study = _study_or_404(request, org_id, study_id)
    counts = access.arm_counts(study)
    points = study.time_points() if study.schedule else ()
    return {
        **_study_out(study),
        "target_size": study.target_size,
        "recruited": study.participants.count(),
        "arms": [
            {"name": arm.name, "intervention": arm.intervention}
            for arm in study.arms.order_by("name")
        ],
        "arm_counts": (
            None if counts is None else [{"arm": arm.name, "participants": n} for arm, n in counts]
        ),
        "eligibility": list(study.eligibility),
        "schedule": [
            {
                "key": p.key,
                "label": p.label,
                "day": p.day,
                "before": p.before,
                "after": p.after,
                "instruments": list(p.instruments),
            }
            for p in points
        ],
        "analysis_plan": {
            "design": study.analysis_design or None,
            "outcome_instrument": study.outcome_instrument,
            "control_arm": study.control_arm,
            "baseline_point": study.baseline_point,
            "outcome_point": study.outcome_point,
        },
        "participants": [
            {
                "id": p.pk,
                "code": p.code,
                "enrolled_on": timezone.localdate(p.enrolled_at),
                "withdrawn": p.withdrawn_at is not None,
            }
            for p in study.participants.order_by("code")
        ],
    }


@router.get(
    f"{STUDIES}/{{study_id}}/completeness",
    response={200: CompletenessOut, **INPUT_ERRORS},
    operation_id="get_staff_study_completeness",
    summary="Follow-up completeness per time point",
    description="As the completeness page: per time point, how many participants are in each "
    "status today, and the codes of those due or overdue. Codes only, so no access-log row.",
)
def get_completeness(request: AccountRequest, org_id: RowId, study_id: RowId) -> dict[str, Any]:
    study = _study_or_404(request, org_id, study_id)
    today = timezone.localdate()
    rows = followup.completeness(study, today) if study.schedule else []
    return {
        "on": today,
        "time_points": [
            {
                "key": row.point.key,
                "label": row.point.label,
                "counts": {status.value: row.counts.get(status, 0) for status in Status},
                "due": row.due,
                "overdue": row.overdue,
            }
            for row in rows
        ],
    }


@router.get(
    f"{STUDIES}/{{study_id}}/analysis",
    response={200: StudyAnalysisOut, 409: ErrorOut, **INPUT_ERRORS},
    operation_id="get_staff_study_analysis",
    summary="The pre-specified analysis: CONSORT flow and results",
    description="The study's primary analysis as pre-specified (intention to treat): the "
    "CONSORT flow per arm, and the results with their estimates and 95 % confidence "
    "intervals, each stating its method and analysis set; `problem` says why there are no "
    "results yet. Every figure here is per arm, so until the study is closed the answer is "
    "409 (`analysis_concealed`): while it recruits, the study's own route gives the total "
    "recruited. Aggregates and codes only, so no access-log row.",
)
def get_analysis(request: AccountRequest, org_id: RowId, study_id: RowId) -> dict[str, Any]:
    study = _study_or_404(request, org_id, study_id)
    if not access.shows_arms(study):
        raise ApiError(409, access.CONCEALED, "analysis_concealed")
    return analyse(study_data(study)).to_dict()
