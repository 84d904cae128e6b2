"""The staff alert queue: the table, one alert's page, and its acknowledge/contact/resolve forms.

Thin: parsing and rendering here, the rules in ``alerts.py``. Only clinicians and admins work
the queue (``StaffMembership.handles_alerts``); for anyone else every page is a 404.

The table names each family only as "Family #id" and shows no family data, so it writes no
access-log row. An alert's page may show the family's name and the caregiver's contact details
(only while the family consents to anything with the organisation) and always shows what the
alert is about, so every view of it writes exactly one access-log row, in the category the
alert comes from (screenings and mood, or the baby's logs).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from .. import alerts as queue
from ..forms import AlertContactForm, ResolveAlertForm
from ..guards import StaffRequest, organisation_staff
from ..models import ALERT_STATUS_LABELS, Alert, AlertKind, AlertPriority, ContactMethod


def _handler(request: StaffRequest) -> None:
    if not request.staff.handles_alerts:
        raise Http404("No alert queue here.")


def _alert_or_404(request: StaffRequest, alert_id: int) -> Alert:
    found = queue.alert_for_staff(request.staff, alert_id)
    if found is None:
        raise Http404("No such alert.")
    return found


@organisation_staff
@require_safe
def alert_list(request: StaffRequest, org_id: int) -> HttpResponse:
    _handler(request)
    filters = queue.QueueFilters.from_query(request.GET)
    page = queue.queue(request.staff.organisation, filters, request.GET.get("page", 1))
    return render(
        request,
        "programs/staff/alerts.html",
        {
            "organisation": request.staff.organisation,
            "page": page,
            "filters": filters,
            "kept_query": _kept_query(filters),
            "window_minutes": int(
                request.staff.organisation.alert_ack_window.total_seconds() // 60
            ),
            "statuses": [(s, ALERT_STATUS_LABELS[s]) for s in queue.STATUSES],
            "priorities": AlertPriority.choices,
            "kinds": AlertKind.choices,
            "columns": _columns(filters),
        },
    )


def _kept_query(filters: queue.QueueFilters) -> str:
    """The filters and sort as a query string, for the links to other pages."""
    return urlencode(
        {
            name: value
            for name, value in (
                ("status", filters.status),
                ("priority", filters.priority),
                ("kind", filters.kind),
                ("sort", filters.sort),
            )
            if value
        }
    )


COLUMNS = [
    ("status", gettext_lazy("Status")),
    ("priority", gettext_lazy("Priority")),
    ("kind", gettext_lazy("Alert")),
    ("created", gettext_lazy("Raised")),
]


def _columns(filters: queue.QueueFilters) -> list[dict[str, str]]:
    """Each sortable header: a plain link that sorts by it (again: the other way), keeping the
    filters, and its ``aria-sort`` state for screen readers."""
    columns = []
    for key, label in COLUMNS:
        current = filters.sort.lstrip("-") == key
        descending = filters.sort.startswith("-")
        target = f"-{key}" if current and not descending else key
        query = {
            name: value
            for name, value in (
                ("status", filters.status),
                ("priority", filters.priority),
                ("kind", filters.kind),
                ("sort", target),
            )
            if value
        }
        columns.append(
            {
                "label": str(label),
                "href": "?" + urlencode(query),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return columns


def _detail(
    request: StaffRequest,
    alert: Alert,
    contact_form: AlertContactForm | None = None,
    resolve_form: ResolveAlertForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render one alert, within today's consent, and log the view (one row)."""
    read = queue.read_alert(request.user, alert)
    context: dict[str, Any] = {
        "organisation": request.staff.organisation,
        "alert": alert,
        "flag": queue.flag_label(alert) if alert.code else "",
        "shared_family": read.shared_family,
        "contacts": read.contacts,
        "contact_form": contact_form or AlertContactForm(initial={"method": ContactMethod.PHONE}),
        "resolve_form": resolve_form or ResolveAlertForm(),
    }
    return render(request, "programs/staff/alert.html", context, status=status)


@organisation_staff
@require_safe
def alert_detail(request: StaffRequest, org_id: int, alert_id: int) -> HttpResponse:
    return _detail(request, _alert_or_404(request, alert_id))


@organisation_staff  # first: another organisation's staff get a 404 whatever the method
@require_POST
def acknowledge(request: StaffRequest, org_id: int, alert_id: int) -> HttpResponse:
    alert = _alert_or_404(request, alert_id)
    try:
        queue.acknowledge(alert, request.user)
    except queue.AlertError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Acknowledged: the escalation stops."))
    return redirect("staff:alert", org_id=org_id, alert_id=alert.pk)


@organisation_staff
@require_POST
def record_contact(request: StaffRequest, org_id: int, alert_id: int) -> HttpResponse:
    alert = _alert_or_404(request, alert_id)
    form = AlertContactForm(request.POST)
    if form.is_valid():
        try:
            queue.record_contact(
                alert,
                request.user,
                form.cleaned_data["method"],
                form.cleaned_data["contacted_at"],
                form.cleaned_data["outcome"],
            )
        except queue.AlertError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Contact recorded."))
            return redirect("staff:alert", org_id=org_id, alert_id=alert.pk)
    return _detail(request, alert, contact_form=form, status=422)


@organisation_staff
@require_POST
def resolve(request: StaffRequest, org_id: int, alert_id: int) -> HttpResponse:
    alert = _alert_or_404(request, alert_id)
    form = ResolveAlertForm(request.POST)
    if form.is_valid():
        try:
            queue.resolve(alert, request.user, form.cleaned_data["note"])
        except queue.AlertError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Resolved."))
            return redirect("staff:alert", org_id=org_id, alert_id=alert.pk)
    return _detail(request, alert, resolve_form=form, status=422)
