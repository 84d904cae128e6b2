"""Recording and delivering the urgent alerts organisations must see.

Consent lives in ``consent.py``, staff and invitations in ``staff.py``, the audit log in
``audit.py``.

The record is the alert; e-mail is only the doorbell. ``deliver_alert`` never raises and never
deletes: a failure is counted on the row and left undelivered, so the admin's banner and the
``deliver_alerts`` command (run by cron or the worker) keep it in view until it goes through.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .consent import active_consents
from .models import (
    Alert,
    AlertKind,
    AlertPriority,
    ConsentCategory,
    DeliveryStatus,
    UnrecordedAlert,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from firsttouch.accounts.models import User

log = logging.getLogger(__name__)

# After this many failed e-mails an alert is marked failed: still undelivered, still counted,
# but the retry command stops hammering a dead mail server and a person must look.
MAX_DELIVERY_ATTEMPTS = 10
SMTP_TIMEOUT_SECONDS = 10
# Longer than one attempt can take (the SMTP timeout), short enough to retry a dead worker's.
CLAIM_SECONDS = 120


def record_urgent_alerts(user: User, response_id: int) -> list[Alert]:
    """One urgent alert per organisation she shares her screenings with; idempotent per
    response. Runs inside the caller's transaction, so the alert commits (or not) with it.
    """
    clinics = [
        c.organisation
        for c in active_consents(user)
        if ConsentCategory.SCREENINGS_MOOD in c.categories
    ]
    existing = set(
        Alert.objects.filter(
            response_id=response_id, kind=AlertKind.URGENT_SELF_HARM, organisation__in=clinics
        ).values_list("organisation_id", flat=True)
    )
    membership = getattr(user, "membership", None)
    alerts = []
    for clinic in clinics:
        if clinic.pk in existing:
            continue
        alerts.append(
            Alert.objects.create(
                organisation=clinic,
                kind=AlertKind.URGENT_SELF_HARM,
                respondent=user,
                response_id=response_id,
                priority=AlertPriority.URGENT,
                family_id=membership.family_id if membership is not None else None,
            )
        )
    return alerts


def alert_url(alert: Alert) -> str:
    """The alert's page in the staff queue (behind log-in and the second factor)."""
    return settings.SITE_URL + reverse(
        "staff:alert", kwargs={"org_id": alert.organisation_id, "alert_id": alert.pk}
    )


def _alert_email(alert: Alert) -> EmailMessage:
    # No answers and no scores in the e-mail: it can travel unencrypted. The app holds them.
    if alert.kind == AlertKind.URGENT_SELF_HARM:
        what = (
            f"A mother who shares her screenings with {alert.organisation.name} has just "
            f"answered the question about thoughts of harming herself in a wellbeing check "
            f"(EPDS), finished or not, with "
            f'something other than "never".\n\n'
            f"She was shown crisis lines and emergency numbers at once. Please follow your "
            f"clinic's urgent-contact procedure.\n\n"
        )
    else:
        what = (
            f"A family who shares with {alert.organisation.name} has logged something that "
            f"calls for urgent care ({alert.get_kind_display().lower()}). They were shown what "
            f"to do at once. Please follow your urgent-contact procedure.\n\n"
        )
    body = (
        f"{what}Alert recorded at {alert.created_at:%Y-%m-%d %H:%M} UTC. Open it in the "
        f"alert queue to see who and to acknowledge it:\n{alert_url(alert)}\n"
    )
    return EmailMessage(
        subject=f"[firsttouch] Urgent: safety alert for {alert.organisation.name}",
        body=body,
        to=[alert.organisation.contact_email],
    )


def claim(alert: Alert) -> bool:
    """Take the alert for one delivery attempt, so two workers never e-mail it at once.

    A claim lapses after ``CLAIM_SECONDS``: a worker that died mid-attempt does not hold the
    alert back for good. Reloads the row, so attempts are counted from the database.
    """
    now = timezone.now()
    taken = (
        Alert.objects.filter(pk=alert.pk, delivery_status=DeliveryStatus.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    if taken:
        alert.refresh_from_db()
    return bool(taken)


def deliver_alert(alert: Alert) -> bool:
    """E-mail the clinic about ``alert``; True when sent. Never raises, never drops the row."""
    if alert.delivery_status == DeliveryStatus.DELIVERED:
        return True
    if not claim(alert):
        return alert.delivery_status == DeliveryStatus.DELIVERED
    alert.delivery_attempts += 1
    alert.last_attempt_at = timezone.now()
    try:
        connection = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT_SECONDS)
        sent = connection.send_messages([_alert_email(alert)])
        if not sent:
            raise RuntimeError("the mail backend accepted no message")
    except Exception as exc:
        log.exception(
            "URGENT: alert %s for response %s: e-mail to %s failed (attempt %s); "
            "the worker retries it",
            alert.pk,
            alert.response_id,
            alert.organisation.contact_email,
            alert.delivery_attempts,
        )
        alert.last_error = f"{type(exc).__name__}: {exc}"[:500]
        if alert.delivery_attempts >= MAX_DELIVERY_ATTEMPTS:
            alert.delivery_status = DeliveryStatus.FAILED
        _save_delivery(alert)
        return False
    alert.delivery_status = DeliveryStatus.DELIVERED
    alert.delivered_at = timezone.now()
    alert.last_error = ""
    _save_delivery(alert)
    return True


def _save_delivery(alert: Alert) -> None:
    try:
        alert.claimed_until = None
        alert.save(
            update_fields=[
                "delivery_status",
                "delivery_attempts",
                "last_attempt_at",
                "last_error",
                "delivered_at",
                "claimed_until",
            ]
        )
    except Exception:
        log.exception("Urgent alert %s: could not record the delivery attempt", alert.pk)


def deliver_pending(alerts: Iterable[Alert] | None = None) -> tuple[int, int]:
    """Try every pending alert once (oldest first); return (delivered, still undelivered)."""
    queue = (
        list(alerts)
        if alerts is not None
        else list(
            Alert.objects.filter(delivery_status=DeliveryStatus.PENDING)
            .select_related("organisation")
            .order_by("created_at")
        )
    )
    delivered = sum(1 for alert in queue if deliver_alert(alert))
    return delivered, len(queue) - delivered


def undelivered_count() -> int:
    return Alert.objects.undelivered().count()


def unrecorded_count() -> int:
    """Alerts that could not be recorded yet: urgent screenings' and every other kind's."""
    from firsttouch.wellbeing.services import alerts_not_recorded

    return int(alerts_not_recorded().count()) + UnrecordedAlert.objects.count()


def alert_problems() -> list[str]:
    """Every urgent alert a person must look at, one line each; empty when all is well.

    Alerts that could not be recorded come first (no clinic knows of them), then those not
    delivered by e-mail, then unacknowledged ones whose escalation e-mail failed.
    ``firsttouch check_alerts`` prints these; the admin banner counts the first two.
    """
    from firsttouch.wellbeing.services import ALERT_ERROR, alerts_not_recorded

    # The alert is raised at the first save of item 10, so a draft can be among them.
    lines = [
        f"Response {r.pk} ({'completed' if r.completed_at else 'draft saved'} "
        f"{r.completed_at or r.updated_at:%Y-%m-%d %H:%M} UTC): the urgent alert "
        f"could NOT be recorded ({r.flags.get(ALERT_ERROR) or 'unknown error'}); no clinic "
        f"knows of it yet. The worker retries it."
        for r in alerts_not_recorded()
    ]

    lines += [
        f"{m} (since {m.created_at:%Y-%m-%d %H:%M} UTC, {m.attempts} attempt(s)): the alert "
        f"could NOT be recorded ({m.error or 'unknown error'}). The worker retries it."
        for m in UnrecordedAlert.objects.order_by("created_at", "pk")
    ]
    for alert in (
        Alert.objects.undelivered().select_related("organisation").order_by("created_at", "pk")
    ):
        state = (
            "gave up retrying: contact the clinic directly"
            if alert.delivery_status == DeliveryStatus.FAILED
            else "pending"
        )
        tried = f"{alert.delivery_attempts} attempt(s)"
        error = f": {alert.last_error}" if alert.last_error else ""
        lines.append(
            f"Alert {alert.pk} for {alert.organisation.name} (response {alert.response_id}, "
            f"recorded {alert.created_at:%Y-%m-%d %H:%M} UTC): not delivered by "
            f"e-mail, {state}, {tried}{error}"
        )
    # Escalations the worker tried and could not send: still due, retried every sweep.
    for alert in (
        Alert.objects.open()
        .exclude(escalation_error="")
        .select_related("organisation")
        .order_by("created_at", "pk")
    ):
        lines.append(
            f"Alert {alert.pk} for {alert.organisation.name} (recorded "
            f"{alert.created_at:%Y-%m-%d %H:%M} UTC): not acknowledged and its escalation "
            f"e-mail failed ({alert.escalation_error}); the worker retries it"
        )
    return lines


def acknowledge(alert: Alert, by: User | None = None) -> None:
    """The Django admin's action (staff use ``alerts.acknowledge``): stops the escalation."""
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = by
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
