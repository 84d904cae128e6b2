"""The courses' staff API: a class leader's courses, the roster, and a session's register.

Mounted under ``/staff`` beside ``programs.api``, with its door, ``staff_allowed``: ``staff_of``
first (another organisation, or a family's key, is a 404; no second factor, 403), then the
pages' role rule (``services.manages_courses``: class leaders and org admins), then the pages'
own services: ``services.read_roster`` (practice only within consent, one access-log row per
family whose practice is shown) and ``services.record_session_register``. See decision 0009.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from ninja import Query, Router

from firsttouch.api.kit.auth import ACCOUNT_AUTH, AccountRequest
from firsttouch.api.kit.errors import ApiError
from firsttouch.api.kit.idempotency import idempotent, rendered
from firsttouch.api.kit.inputs import RowId
from firsttouch.api.kit.paging import ListParams, page_of, paginate
from firsttouch.api.kit.responses import INPUT_ERRORS, WRITE_ERRORS
from firsttouch.programs.api import staff_allowed
from firsttouch.programs.models import StaffMembership

from . import services
from .adherence import PracticeWeek
from .models import Course, CourseSession
from .schemas import CourseDetailOut, CourseOut, RegisterIn, RegisterOut

COURSES = "/organisations/{org_id}/courses"

router = Router(tags=["staff"], auth=ACCOUNT_AUTH)
CoursePage = page_of(CourseOut)


def _course_staff(request: AccountRequest, org_id: int) -> StaffMembership:
    return staff_allowed(request, org_id, services.manages_courses, "No courses here.")


def _course_or_404(request: AccountRequest, org_id: int, course_id: int) -> Course:
    membership = _course_staff(request, org_id)
    found = (
        Course.objects.select_related("leader", "organisation")
        .filter(pk=course_id, organisation=membership.organisation)
        .first()
    )
    if found is None:
        raise Http404("No such course.")
    return found


def _course_out(course: Course) -> dict[str, Any]:
    leader = course.leader
    return {
        "id": course.pk,
        "title": course.title,
        "description": course.description,
        "starts_on": course.starts_on,
        "weekly_target": course.weekly_target,
        "leader": (leader.get_full_name() or leader.email) if leader is not None else None,
    }


def _week_out(week: PracticeWeek | None) -> dict[str, Any] | None:
    if week is None:
        return None
    return {
        "monday": week.monday,
        "iso_week": week.iso_week,
        "sessions": week.sessions,
        "target": week.target,
        "met": week.met,
    }


def _practice_out(adherence: services.CourseAdherence) -> dict[str, Any] | None:
    if not adherence.shared:
        return None
    return {
        "this_week": _week_out(adherence.this_week),
        "weeks_met": adherence.weeks_met,
        "weeks_judged": len(adherence.judged),
    }


@router.get(
    COURSES,
    response={200: CoursePage, **INPUT_ERRORS},
    operation_id="list_staff_courses",
    summary="The organisation's courses",
    description="Newest first, like the classes page. No family data, so no access-log row. "
    "Class leaders and org admins only; for anyone else, and for another organisation, 404.",
)
def list_courses(request: AccountRequest, org_id: RowId, params: Query[ListParams]) -> Any:
    membership = _course_staff(request, org_id)
    courses = Course.objects.filter(organisation=membership.organisation).select_related("leader")
    return paginate(request, params, courses.order_by("-starts_on", "title", "pk"), _course_out)


@router.get(
    f"{COURSES}/{{course_id}}",
    response={200: CourseDetailOut, **INPUT_ERRORS},
    operation_id="get_staff_course",
    summary="A course: its sessions, the register and home practice",
    description="What the course page shows: the sessions, each current enrolment with its "
    "ticks, and home practice (this week, weeks on target) only for families that share "
    "their massage sessions with the organisation (else `practice` is null). Each family "
    "whose practice is shown writes one row of the access log, which the family sees.",
)
def get_course(request: AccountRequest, org_id: RowId, course_id: RowId) -> dict[str, Any]:
    course = _course_or_404(request, org_id, course_id)
    rows = services.read_roster(course, request.user)
    tickable = {s.pk for s in services.tickable_sessions(course)}
    return {
        **_course_out(course),
        "sessions": [
            {
                "id": s.pk,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "place": s.place,
                "online_link": s.online_link,
                "notes": s.notes,
                "tickable": s.pk in tickable,
            }
            for s in course.sessions.all()
        ],
        "enrolments": [
            {
                "id": row.enrolment.pk,
                "family": row.enrolment.family_id,
                "family_name": row.enrolment.family.name,
                "attendance": [
                    {"session": session, "present": present}
                    for session, present in sorted(row.present.items())
                ],
                "practice": _practice_out(row.adherence),
            }
            for row in rows
        ],
    }


@router.post(
    f"{COURSES}/{{course_id}}/sessions/{{session_id}}/attendance",
    response={200: RegisterOut, **WRITE_ERRORS},
    operation_id="record_staff_course_attendance",
    summary="Save one session's register",
    description="Who came, by enrolment id; every other current enrolment is saved as "
    "absent, and saving again replaces the ticks (as the page's Save attendance does). A "
    "session that has not started yet, or an id that is not a current enrolment of the "
    "course, answers 422 (`attendance_refused`) and saves nothing. Honours Idempotency-Key.",
)
def record_attendance(
    request: AccountRequest, org_id: RowId, course_id: RowId, session_id: RowId, payload: RegisterIn
) -> HttpResponse:
    def act() -> tuple[int, str]:
        course = _course_or_404(request, org_id, course_id)
        session = CourseSession.objects.filter(pk=session_id, course=course).first()
        if session is None:
            raise Http404("No such session.")
        try:
            rows = services.record_session_register(session, set(payload.present), request.user)
        except services.CourseError as exc:
            raise ApiError(422, str(exc), "attendance_refused") from exc
        body = {
            "session": session.pk,
            "present": sorted(r.enrolment_id for r in rows if r.present),
            "absent": sorted(r.enrolment_id for r in rows if not r.present),
        }
        return 200, rendered(RegisterOut, body)

    return idempotent(request, act)
