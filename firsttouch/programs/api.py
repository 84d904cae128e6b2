"""The staff API: a staff token (after the second factor), an organisation's alert queue, its
caseload and a family's timeline.

Same rules as the staff pages, from the same functions: ``staff.membership_in`` (another
organisation is a 404), ``alerts.alert_for_staff`` (roles that do not work the queue get 404),
``alerts.read_alert`` (family details only within consent, one access-log row per read), the
lifecycle in ``alerts``, ``caseload.caseload_window`` with ``caseload.record_read`` and
``timeline.read_timeline``. What is new here is only the door: a credential that proves a
second factor (``AccountRequest.second_factor``), decision 0009.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Query, Router

from firsttouch.accounts import throttle
from firsttouch.accounts.models import ApiToken, User
from firsttouch.accounts.token_login import checked_password
from firsttouch.api.kit.auth import ACCOUNT_AUTH, AccountRequest
from firsttouch.api.kit.errors import ApiError, ErrorOut
from firsttouch.api.kit.idempotency import idempotent, rendered
from firsttouch.api.kit.inputs import RowId
from firsttouch.api.kit.paging import page, page_of, paginate
from firsttouch.api.kit.responses import (
    INPUT_ERRORS,
    THROTTLED_ERRORS,
    THROTTLED_OPENAPI,
    WRITE_ERRORS,
)

from . import alerts, staff, twofactor
from . import caseload as caseloads
from .models import Alert, AlertContact, StaffMembership
from .schemas import (
    AlertDetailOut,
    AlertFilters,
    AlertOut,
    CaseloadQuery,
    CaseloadRowOut,
    ContactIn,
    ContactOut,
    ResolveIn,
    SharedFamilyOut,
    StaffCredentials,
    StaffToken,
    TimelineOut,
    TimelineQuery,
)
from .timeline import read_timeline

STAFF_TOKEN_NAME = "Staff API token"
ALERTS = "/organisations/{org_id}/alerts"

router = Router(tags=["staff"], auth=ACCOUNT_AUTH)
AlertPage = page_of(AlertOut)
CaseloadPage = page_of(CaseloadRowOut)


# --- The staff token ---------------------------------------------------------------------------


@router.post(
    "/token",
    auth=None,
    response={
        201: StaffToken,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        **THROTTLED_ERRORS,
    },
    openapi_extra=THROTTLED_OPENAPI,
    operation_id="create_staff_token",
    summary="Get a staff API token (password and second factor)",
    description="Exchanges the e-mail address, password and a code of the authenticator app "
    "(or a recovery code) for a token that may call the staff routes. Attempts count against "
    "the log-in throttle like the log-in page: a wrong password or code answers 401, past the "
    "limit 429 with Retry-After. An account that is not staff, or has not set up two-factor "
    "authentication on the staff pages yet, gets 403.",
)
def create_staff_token(request: HttpRequest, payload: StaffCredentials) -> JsonResponse:
    attempt, user = checked_password(request, payload.username, payload.password)
    if not staff.is_staff_member(user):
        throttle.succeeded(attempt)
        raise ApiError(
            403,
            "This account is not staff of any organisation. A family's token comes from "
            "POST /api/v1/auth/token.",
            "not_staff",
        )
    if not twofactor.has_device(user):
        throttle.succeeded(attempt)
        raise ApiError(
            403,
            "Set up two-factor authentication first: log in on the web and open the staff "
            "pages, which walk you through it.",
            "two_factor_not_set_up",
        )
    if twofactor.matching_device(user, payload.code) is None:
        # The attempt stays counted, like a wrong password.
        raise ApiError(401, twofactor.WRONG_CODE, "wrong_code")
    throttle.succeeded(attempt)
    _, raw = ApiToken.issue(user, STAFF_TOKEN_NAME, second_factor_at=timezone.now())
    return JsonResponse({"token": raw}, status=201)


# --- Who may call: the API's organisation_staff --------------------------------------------------


def staff_of(request: AccountRequest, org_id: int) -> StaffMembership:
    """The caller's place in ``org_id``'s staff, with a proven second factor.

    Not staff there: 404, as on the pages (we do not confirm that an organisation exists).
    Staff, but a credential without a second factor (a family's key, an unverified session):
    403. A token issued after a second factor stops working if the account's authenticator
    is removed, so an admin's reset of two-factor also cuts off the API.
    """
    membership = staff.membership_in(request.user, org_id)
    if membership is None:
        raise Http404("No such organisation.")
    if not request.second_factor or not twofactor.has_device(request.user):
        raise ApiError(
            403,
            "Staff routes need a token issued with your second factor (POST "
            "/api/v1/staff/token) or a web session verified with it.",
            "two_factor_required",
        )
    return membership


def staff_allowed(
    request: AccountRequest, org_id: int, role: Callable[[StaffMembership], bool], nothing: str
) -> StaffMembership:
    """:func:`staff_of`, then the page's own role rule: staff whose role has no such page get
    404 (``nothing`` says what is not there), as on the pages."""
    membership = staff_of(request, org_id)
    if not role(membership):
        raise Http404(nothing)
    return membership


def _alert_or_404(request: AccountRequest, org_id: RowId, alert_id: RowId) -> Alert:
    found = alerts.alert_for_staff(staff_of(request, org_id), alert_id)
    if found is None:
        raise Http404("No such alert.")
    return found


def _name(user: User | None) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


def _alert_out(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "priority": alert.priority,
        "status": alert.status,
        "flag": alerts.flag_label(alert) if alert.code else "",
        "family": alert.family_id,
        "created_at": alert.created_at,
        "acknowledged_at": alert.acknowledged_at,
        "acknowledged_by": _name(alert.acknowledged_by),
        "resolved_at": alert.resolved_at,
        "resolved_by": _name(alert.resolved_by),
    }


def _contact_out(contact: AlertContact) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "method": contact.method,
        "contacted_at": contact.contacted_at,
        "outcome": contact.outcome,
        "by": _name(contact.by),
    }


def _aware(moment: datetime) -> datetime:
    """Staff have no family time zone: a time sent without an offset is the server's."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _refused(exc: alerts.AlertError) -> ApiError:
    return ApiError(422, str(exc), "alert_refused")


# --- The queue -----------------------------------------------------------------------------------


@router.get(
    ALERTS,
    response={200: AlertPage, **INPUT_ERRORS},
    operation_id="list_staff_alerts",
    summary="The organisation's alert queue",
    description="Open first, urgent first, oldest first, like the queue page. Families are "
    "named by number only, so a list is not an access-log read. Clinicians and org admins "
    "only; for anyone else, and for another organisation, 404.",
)
def list_alerts(
    request: AccountRequest, org_id: RowId, filters: Query[AlertFilters]
) -> dict[str, Any]:
    membership = staff_allowed(request, org_id, lambda m: m.handles_alerts, "No alert queue here.")
    wanted = alerts.QueueFilters(
        status=filters.status or "",
        priority=filters.priority or "",
        kind=filters.kind or "",
    )
    return paginate(
        request, filters, alerts.queue_rows(membership.organisation, wanted), _alert_out
    )


@router.get(
    f"{ALERTS}/{{alert_id}}",
    response={200: AlertDetailOut, **INPUT_ERRORS},
    operation_id="get_staff_alert",
    summary="Read one alert, with its contacts",
    description="Each read writes one row of the access log, which the family sees. The "
    "family's name and the caregiver's contact details are given only while the family "
    "shares anything with the organisation (`shared_family`, else null).",
)
def get_alert(request: AccountRequest, org_id: RowId, alert_id: RowId) -> dict[str, Any]:
    read = alerts.read_alert(request.user, _alert_or_404(request, org_id, alert_id))
    alert, family = read.alert, read.shared_family
    shared = None
    if family is not None:
        respondent = alert.respondent
        shared = SharedFamilyOut(
            name=family.name,
            caregiver_name=_name(respondent),
            caregiver_email=respondent.email if respondent is not None else None,
        )
    return {
        **_alert_out(alert),
        "resolution_note": alert.resolution_note,
        "shared_family": shared,
        "contacts": [_contact_out(c) for c in read.contacts],
    }


@router.post(
    f"{ALERTS}/{{alert_id}}/acknowledge",
    response={200: AlertOut, **INPUT_ERRORS},
    operation_id="acknowledge_staff_alert",
    summary="Acknowledge an alert (stops its escalation)",
    description="Twice changes nothing. A resolved alert answers 422 (`alert_refused`).",
)
def acknowledge(request: AccountRequest, org_id: RowId, alert_id: RowId) -> HttpResponse:
    def act() -> tuple[int, str]:
        alert = _alert_or_404(request, org_id, alert_id)
        try:
            done = alerts.acknowledge(alert, request.user)
        except alerts.AlertError as exc:
            raise _refused(exc) from exc
        return 200, rendered(AlertOut, _alert_out(done))

    return idempotent(request, act)


@router.post(
    f"{ALERTS}/{{alert_id}}/contacts",
    response={201: ContactOut, **WRITE_ERRORS},
    operation_id="record_staff_alert_contact",
    summary="Record a contact with the family",
    description="How, when and what came of it; acknowledges the alert if nobody had. A "
    "resolved alert, a time in the future or before the alert, or an empty outcome answer "
    "422 (`alert_refused`) with a sentence saying what to fix.",
)
def record_contact(
    request: AccountRequest, org_id: RowId, alert_id: RowId, payload: ContactIn
) -> HttpResponse:
    def act() -> tuple[int, str]:
        alert = _alert_or_404(request, org_id, alert_id)
        try:
            contact = alerts.record_contact(
                alert, request.user, payload.method, _aware(payload.contacted_at), payload.outcome
            )
        except alerts.AlertError as exc:
            raise _refused(exc) from exc
        return 201, rendered(ContactOut, _contact_out(contact))

    return idempotent(request, act)


@router.post(
    f"{ALERTS}/{{alert_id}}/resolve",
    response={200: AlertOut, **WRITE_ERRORS},
    operation_id="resolve_staff_alert",
    summary="Resolve an alert with a note",
    description="Acknowledges it too if nobody had. An empty note or an alert already "
    "resolved answers 422 (`alert_refused`).",
)
def resolve(
    request: AccountRequest, org_id: RowId, alert_id: RowId, payload: ResolveIn
) -> HttpResponse:
    def act() -> tuple[int, str]:
        alert = _alert_or_404(request, org_id, alert_id)
        try:
            done = alerts.resolve(alert, request.user, payload.note)
        except alerts.AlertError as exc:
            raise _refused(exc) from exc
        return 200, rendered(AlertOut, _alert_out(done))

    return idempotent(request, act)


# --- The caseload and a family's timeline -------------------------------------------------------


def _caseload_row_out(row: caseloads.CaseloadRow) -> dict[str, Any]:
    course = row.course
    return {
        "family": row.family_id,
        "name": row.label,
        "shares": [c for c in caseloads.CATEGORY_VALUES if c in row.categories],
        "epds_band": row.epds_band or None,
        "epds_at": row.epds_at,
        "sessions_week": row.sessions_week,
        "sessions_month": row.sessions_month,
        "course": (
            {"title": course.title, "weekly_target": course.weekly_target} if course else None
        ),
        "open_alerts": row.open_alerts,
        "last_activity": row.last_activity,
    }


@router.get(
    "/organisations/{org_id}/caseload",
    response={200: CaseloadPage, **INPUT_ERRORS},
    operation_id="list_staff_caseload",
    summary="The organisation's caseload",
    description="The families that share with the organisation, with the caseload page's "
    "filters and sorts, and only what each family's consent allows (a column not shared is "
    "null). Like the page, each family listed writes one row of the access log, which the "
    "family sees. Clinicians and org admins only; for anyone else, and for another "
    "organisation, 404.",
)
def list_caseload(
    request: AccountRequest, org_id: RowId, query: Query[CaseloadQuery]
) -> dict[str, Any]:
    membership = staff_allowed(request, org_id, caseloads.sees_caseload, "No caseload here.")
    organisation = membership.organisation
    filters = caseloads.CaseloadFilters(
        category=query.category or "",
        band=query.band or "",
        open_alerts=query.alerts,
        search=query.q,
    )
    try:
        count, shown = caseloads.caseload_window(
            organisation, sort=query.sort, filters=filters, offset=query.offset, limit=query.limit
        )
    except caseloads.CaseloadError as exc:  # the schema's choices make this unlikely
        raise ApiError(422, str(exc), "invalid") from exc
    caseloads.record_read(request.user, organisation, shown)
    return page(request, query, count, [_caseload_row_out(row) for row in shown])


@router.get(
    "/organisations/{org_id}/families/{family_id}/timeline",
    response={200: TimelineOut, **INPUT_ERRORS},
    operation_id="get_staff_family_timeline",
    summary="A family's timeline, within consent",
    description="Everything the family shares with the organisation, newest first, 50 items "
    "a page, as on the timeline page: free text only with the notes category, a caregiver's "
    "screenings and mood only with her own consent. Each read writes exactly one row of the "
    "access log. A family that shares nothing, a role that sees no family (researchers) and "
    "another organisation answer 404.",
)
def get_family_timeline(
    request: AccountRequest, org_id: RowId, family_id: RowId, query: Query[TimelineQuery]
) -> dict[str, Any]:
    membership = staff_of(request, org_id)
    shown = read_timeline(membership, request.user, family_id, query.page, query.why)
    if shown is None:
        raise Http404("No such family.")
    return {
        "family": shown.family.pk,
        "name": shown.family.name,
        "shares": [c for c in caseloads.CATEGORY_VALUES if c in shown.categories],
        "page": shown.page,
        "has_older": shown.has_older,
        "items": [
            {
                "at": item.at,
                "category": item.category,
                "title": item.title,
                "detail": item.detail,
                "notes": item.notes,
                "warnings": [{"message": w.message, "action": w.action} for w in item.warnings],
                "who": item.who,
            }
            for item in shown.items
        ],
    }
