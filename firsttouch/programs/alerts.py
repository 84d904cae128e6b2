"""The alert queue: raising alerts from each source, and a staff member's work on them.

One function per source, each called in the transaction of the thing that raised it (through
the domain apps' signals, ``receivers.py``), each idempotent (unique constraints per source,
kind, flag code and organisation) and each gated by consent at the moment it is raised:

- ``urgent_self_harm`` (``services.record_urgent_alerts``): EPDS item 10 above 0, for each
  organisation she shares her own screenings with. Urgent.
- ``epds_high``: a completed EPDS whose total reaches the organisation's ``epds_threshold``,
  for the same organisations. Routine: the urgent case is item 10.
- ``baby_red_flag``: a saved nappy or illness check raising a flag of
  ``content/baby_red_flags.toml``, for each organisation the family shares the baby's logs
  with. Priority from the content's own ``urgency``: ``emergency`` and ``urgent`` are urgent;
  ``today`` and ``advice`` are routine.
- ``lactation_red_flag``: a lactation session raising a flag of ``lactation.red_flags``, for
  each organisation she shares her own data with (screenings and mood: lactation is hers, not
  the family's, so a partner's consent never shares it), under a consent whose text said so:
  version 2 on (``LACTATION_ALERTS_FROM_VERSION``). A consent given under version 1 named only
  her screenings and mood entries, so it raises none until she agrees again. Priority from
  the flag's own ``urgency``: ``urgent`` is urgent, ``same_day`` routine.

Urgent alerts are e-mailed at once (the doorbell, ``services.deliver_alert``) and escalate
when nobody acknowledges them (``escalation.py``); routine ones wait in the queue.

The lifecycle: acknowledge, record contacts, resolve. Recording a contact or resolving
acknowledges an alert that was not yet (whoever acts has seen it); a resolved alert is
closed: nothing more is recorded on it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Alert,
    AlertContact,
    AlertKind,
    AlertPriority,
    Consent,
    ConsentCategory,
    ContactMethod,
    DeliveryStatus,
    Organisation,
    StaffMembership,
    UnrecordedAlert,
)

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, User

log = logging.getLogger(__name__)

BABY_URGENT = frozenset({"emergency", "urgent"})
LACTATION_URGENT = frozenset({"urgent"})
# A red flag on an entry logged longer ago than this is history, not news: the home page
# stops showing flags after the same 14 days (tracking.red_flags.RECENT_DAYS).
RECENT_DAYS = 14
OUTCOME_MAX = 2000


class AlertError(Exception):
    """A step on an alert that cannot be done; the message is shown as it is."""


# --- Consent at the moment an alert is raised --------------------------------------------------


def organisations_sharing_own(user: User, category: str) -> list[Organisation]:
    """Organisations ``user`` herself consents to share ``category`` with, now."""
    consents = Consent.objects.active().filter(caregiver=user, **{category: True})
    return [c.organisation for c in consents.select_related("organisation").order_by("pk")]


def organisations_sharing_family(family_id: int, category: str) -> list[Organisation]:
    """Organisations any current caregiver of the family shares ``category`` with, now."""
    ids = (
        Consent.objects.active()
        .filter(family_id=family_id, caregiver__membership__family_id=family_id, **{category: True})
        .values_list("organisation_id", flat=True)
    )
    return list(Organisation.objects.filter(pk__in=set(ids)).order_by("pk"))


def _family_id(user: User | None) -> int | None:
    membership = getattr(user, "membership", None) if user is not None else None
    return membership.family_id if membership is not None else None


def _create_missing(
    organisations: list[Organisation], lookup: dict[str, Any], fields: dict[str, Any]
) -> list[Alert]:
    """One alert per organisation that has none for this source yet (idempotent)."""
    existing = set(
        Alert.objects.filter(organisation__in=organisations, **lookup).values_list(
            "organisation_id", flat=True
        )
    )
    status = (
        DeliveryStatus.PENDING
        if fields["priority"] == AlertPriority.URGENT
        else DeliveryStatus.NOT_EMAILED
    )
    return [
        Alert.objects.create(organisation=o, delivery_status=status, **lookup, **fields)
        for o in organisations
        if o.pk not in existing
    ]


# --- Raising ----------------------------------------------------------------------------------


def record_epds_high(response: Any) -> list[Alert]:
    """A routine alert for each organisation she shares screenings with whose threshold her
    completed EPDS total reaches. Runs in the completion's transaction."""
    from firsttouch.wellbeing.services import EPDS

    if response.instrument_id != EPDS or response.total is None or response.respondent is None:
        return []
    organisations = [
        o
        for o in organisations_sharing_own(response.respondent, ConsentCategory.SCREENINGS_MOOD)
        if response.total >= o.epds_threshold
    ]
    return _create_missing(
        organisations,
        {"response_id": response.pk, "kind": AlertKind.EPDS_HIGH},
        {
            "priority": AlertPriority.ROUTINE,
            "respondent": response.respondent,
            "family_id": _family_id(response.respondent),
        },
    )


def baby_priority(code: str) -> str:
    from firsttouch.tracking.red_flags import red_flags

    urgency = red_flags().get(code).urgency
    return AlertPriority.URGENT if urgency in BABY_URGENT else AlertPriority.ROUTINE


def record_baby_red_flags(entry: Any, codes: list[str], now: datetime | None = None) -> list[Alert]:
    """An alert per red flag of a saved entry for each organisation the family shares the
    baby's logs with. An entry logged more than ``RECENT_DAYS`` ago raises none."""
    now = now or timezone.now()
    if not codes or entry.time < now - timedelta(days=RECENT_DAYS):
        return []
    family_id = entry.baby.family_id
    organisations = organisations_sharing_family(family_id, ConsentCategory.BABY_LOGS)
    alerts: list[Alert] = []
    for code in codes:
        alerts += _create_missing(
            organisations,
            {
                "source_kind": entry.KIND,
                "source_id": entry.pk,
                "kind": AlertKind.BABY_RED_FLAG,
                "code": code,
            },
            {
                "priority": baby_priority(code),
                "respondent": entry.created_by,
                "family_id": family_id,
            },
        )
    return alerts


# How an ``UnrecordedAlert`` names its source when it is not a tracking entry (whose kind it
# keeps, like the alert's ``source_kind``).
EPDS_SOURCE = "epds"
LACTATION_SOURCE = "lactation"


def _record_again(marker: UnrecordedAlert) -> list[Alert]:
    """Raise the marker's alert from its source, deciding as when the source was saved."""
    if marker.kind == AlertKind.EPDS_HIGH:
        from firsttouch.wellbeing.models import Response

        return record_epds_high(Response.objects.get(pk=marker.source_id))
    if marker.kind == AlertKind.BABY_RED_FLAG:
        from firsttouch.tracking.models import ENTRY_MODELS

        entry = ENTRY_MODELS[marker.source_kind].objects.get(pk=marker.source_id)
        return record_baby_red_flags(entry, list(marker.codes), now=marker.created_at)
    if marker.kind == AlertKind.LACTATION_RED_FLAG:
        from firsttouch.lactation.models import LactationSession
        from firsttouch.lactation.services import flags_for

        session = LactationSession.objects.get(pk=marker.source_id)
        flags = [f for f in flags_for(session) if f.code in set(marker.codes)]
        return record_lactation_red_flags(session, flags)
    raise ValueError(f"No way to raise a {marker.kind} alert again")


def retry_unrecorded() -> tuple[list[Alert], int]:
    """Record every alert whose marker is waiting; (the alerts recorded, markers still failing).

    Run by the worker's sweep (``tasks.retry_pending_alerts``). The marker is deleted in the
    savepoint that recorded its alert, and recording is idempotent per organisation and
    source, so a sweep that runs twice records nothing twice. A failure keeps the marker, with
    the new error, for the next sweep (a source deleted since stays visible too).
    """
    recorded: list[Alert] = []
    failing = 0
    for marker in UnrecordedAlert.objects.order_by("created_at", "pk"):
        try:
            with transaction.atomic():
                alerts = _record_again(marker)
                marker.delete()
        except Exception as exc:
            failing += 1
            log.exception("The alert of marker %s (%s) still cannot be recorded", marker.pk, marker)
            UnrecordedAlert.objects.filter(pk=marker.pk).update(
                attempts=marker.attempts + 1, error=f"{type(exc).__name__}: {exc}"[:300]
            )
        else:
            recorded += alerts
    return recorded, failing


# The first consent text (content/consent.toml) that told her breastfeeding warning signs are
# shared with her screenings and mood.
LACTATION_ALERTS_FROM_VERSION = 2


def _told_of_lactation_alerts(consent_version: str) -> bool:
    return consent_version.isdigit() and int(consent_version) >= LACTATION_ALERTS_FROM_VERSION


def record_lactation_red_flags(session: Any, flags: list[Any]) -> list[Alert]:
    """An alert per red flag of her saved lactation session for each organisation she shares
    her own data (screenings and mood) with, under a consent text that named them."""
    consents = (
        Consent.objects.active()
        .filter(caregiver=session.user, screenings_mood=True)
        .select_related("organisation")
        .order_by("pk")
    )
    organisations = [
        c.organisation for c in consents if _told_of_lactation_alerts(c.consent_version)
    ]
    alerts: list[Alert] = []
    for flag in flags:
        alerts += _create_missing(
            organisations,
            {
                "source_kind": "lactation",
                "source_id": session.pk,
                "kind": AlertKind.LACTATION_RED_FLAG,
                "code": flag.code,
            },
            {
                "priority": (
                    AlertPriority.URGENT
                    if flag.urgency in LACTATION_URGENT
                    else AlertPriority.ROUTINE
                ),
                "respondent": session.user,
                "family_id": _family_id(session.user),
            },
        )
    return alerts


# The consent category each kind of alert comes from: what an alert's page reveals, logged as
# such whatever the family shares today.
KIND_CATEGORY = {
    AlertKind.URGENT_SELF_HARM: ConsentCategory.SCREENINGS_MOOD,
    AlertKind.EPDS_HIGH: ConsentCategory.SCREENINGS_MOOD,
    AlertKind.BABY_RED_FLAG: ConsentCategory.BABY_LOGS,
    AlertKind.LACTATION_RED_FLAG: ConsentCategory.SCREENINGS_MOOD,
}


def category_of(alert: Alert) -> str:
    return str(KIND_CATEGORY.get(AlertKind(alert.kind), ConsentCategory.SCREENINGS_MOOD))


def flag_label(alert: Alert) -> str:
    """The red flag's short name for the queue (no answers, no scores)."""
    if alert.kind == AlertKind.BABY_RED_FLAG:
        from firsttouch.tracking.red_flags import label

        try:
            return label(alert.code)
        except StopIteration:
            return alert.code
    return alert.code.replace("_", " ").capitalize()


# --- The lifecycle ----------------------------------------------------------------------------


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


def _check_open(alert: Alert) -> None:
    if alert.resolved_at is not None:
        raise AlertError(
            _("This alert was resolved on %(when)s; nothing more can be recorded on it.")
            % {"when": f"{alert.resolved_at:%d %b %Y %H:%M}"}
        )


def _acknowledge(alert: Alert, by: User, at: datetime) -> None:
    if alert.acknowledged_at is None:
        alert.acknowledged_at = at
        alert.acknowledged_by = by


def acknowledge(alert: Alert, by: User) -> Alert:
    """Say someone has seen it and is on it: stops the escalation. Twice changes nothing."""
    with transaction.atomic():
        locked = _locked(alert)
        _check_open(locked)
        _acknowledge(locked, by, timezone.now())
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return locked


def record_contact(
    alert: Alert, by: User, method: str, contacted_at: datetime, outcome: str
) -> AlertContact:
    """Record one attempt to reach the family (and acknowledge the alert if not yet)."""
    now = timezone.now()
    if method not in ContactMethod.values:
        raise AlertError(
            _("Choose how you made contact: phone, video, in person, message or other.")
        )
    if contacted_at > now + timedelta(minutes=5):
        raise AlertError(_("The contact time is in the future: give when the contact happened."))
    if contacted_at < alert.created_at - timedelta(minutes=5):
        raise AlertError(_("The contact time is before the alert was raised: check the date."))
    outcome = outcome.strip()
    if not outcome:
        raise AlertError(_("Say what came of the contact (for example: no answer, spoke to her)."))
    if len(outcome) > OUTCOME_MAX:
        raise AlertError(_("Keep the outcome under %(count)s characters.") % {"count": OUTCOME_MAX})
    with transaction.atomic():
        locked = _locked(alert)
        _check_open(locked)
        _acknowledge(locked, by, now)
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        return AlertContact.objects.create(
            alert=locked, method=method, contacted_at=contacted_at, outcome=outcome, by=by
        )


def resolve(alert: Alert, by: User, note: str) -> Alert:
    """Close the alert with a note; resolving acknowledges it too if nobody had."""
    note = note.strip()
    if not note:
        raise AlertError(_("Say how the alert was resolved before closing it."))
    if len(note) > OUTCOME_MAX:
        raise AlertError(_("Keep the note under %(count)s characters.") % {"count": OUTCOME_MAX})
    with transaction.atomic():
        locked = _locked(alert)
        _check_open(locked)
        now = timezone.now()
        _acknowledge(locked, by, now)
        locked.resolved_at = now
        locked.resolved_by = by
        locked.resolution_note = note
        locked.save(
            update_fields=[
                "acknowledged_at",
                "acknowledged_by",
                "resolved_at",
                "resolved_by",
                "resolution_note",
            ]
        )
    return locked


# --- The queue, for the staff page ----------------------------------------------------------

STATUSES = ("open", "acknowledged", "resolved")
# Rows per page of the queue: a page of 500 rows cost ~300 ms of CPU to render (bench/
# alert_queue.py); 50 is what a screen shows, and open urgent alerts always come first.
QUEUE_PAGE_SIZE = 50
# The orders the table's column headers offer; the default is the queue's own: open first,
# urgent first, oldest first (the one waiting longest is the one to call now).
SORTS: dict[str, tuple[str, ...]] = {
    "": ("status_rank", "priority_rank", "created_at", "pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
    "priority": ("priority_rank", "created_at", "pk"),
    "-priority": ("-priority_rank", "created_at", "pk"),
    "kind": ("kind", "created_at", "pk"),
    "-kind": ("-kind", "created_at", "pk"),
    "status": ("status_rank", "created_at", "pk"),
    "-status": ("-status_rank", "created_at", "pk"),
}


@dataclass(frozen=True)
class QueueFilters:
    """What the staff asked the queue for; values it does not know are read as "all"."""

    status: str = ""
    priority: str = ""
    kind: str = ""
    sort: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> QueueFilters:
        def known(name: str, allowed: Iterable[str]) -> str:
            value = query.get(name, "")
            return value if value in allowed else ""

        return cls(
            status=known("status", STATUSES),
            priority=known("priority", AlertPriority.values),
            kind=known("kind", AlertKind.values),
            sort=known("sort", SORTS),
        )


def queue(organisation: Organisation, filters: QueueFilters, page: str | int = 1) -> Page[Alert]:
    """One page of the organisation's alerts, filtered and sorted (a page number out of range
    reads as the nearest page); no family data beyond its id."""
    return Paginator(queue_rows(organisation, filters), QUEUE_PAGE_SIZE).get_page(page)


def queue_rows(organisation: Organisation, filters: QueueFilters) -> QuerySet[Alert]:
    """All of ``queue``'s rows, uncut: the API pages through them instead of a fixed limit."""
    rows = Alert.objects.filter(organisation=organisation).annotate(
        status_rank=Case(
            When(resolved_at__isnull=False, then=Value(2)),
            When(acknowledged_at__isnull=False, then=Value(1)),
            default=Value(0),
        ),
        priority_rank=Case(When(priority=AlertPriority.URGENT, then=Value(0)), default=Value(1)),
    )
    if filters.status:
        rows = getattr(rows, filters.status)()
    if filters.priority:
        rows = rows.filter(priority=filters.priority)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows.order_by(*SORTS[filters.sort]).select_related("acknowledged_by", "resolved_by")


# --- Reading one alert (the page and the API) ------------------------------------------------


def alert_for_staff(membership: StaffMembership, alert_id: int) -> Alert | None:
    """One alert of the membership's organisation, or None: also for staff whose role does not
    work the queue (class leaders, researchers), so for them every alert is a 404."""
    if not membership.handles_alerts:
        return None
    return (
        Alert.objects.filter(pk=alert_id, organisation_id=membership.organisation_id)
        .select_related("organisation", "respondent", "acknowledged_by", "resolved_by")
        .first()
    )


@dataclass(frozen=True)
class AlertRead:
    """What one view of an alert may show: the family only while it consents to anything."""

    alert: Alert
    shared_family: Family | None
    contacts: list[AlertContact]


def read_alert(staff: User, alert: Alert) -> AlertRead:
    """Read one alert within today's consent and log the read: exactly one access-log row.

    The family's sharing page shows the category and the reason to every caregiver, so the
    reason is a neutral "follow-up": a partner does not learn from it what the alert was about.
    """
    from firsttouch.accounts.models import Family

    from . import audit
    from .consent import consented_categories

    organisation = alert.organisation
    family = Family.objects.filter(pk=alert.family_id).first() if alert.family_id else None
    categories = consented_categories(organisation, family) if family is not None else set()
    if alert.family_id is not None:
        audit.record_access(
            staff=staff,
            organisation=organisation,
            family=family or Family(pk=alert.family_id),
            categories={category_of(alert)},
            what=f"alert #{alert.pk} ({alert.get_kind_display()})",
            why="follow-up",
        )
    return AlertRead(
        alert=alert,
        shared_family=family if categories else None,
        contacts=list(alert.contacts.select_related("by").order_by("contacted_at", "pk")),
    )
