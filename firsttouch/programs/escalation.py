"""Escalating urgent alerts nobody acknowledged in time, run by ``firsttouch worker``.

An urgent alert not acknowledged within its organisation's ``alert_ack_window`` (1 hour by
default) is e-mailed to the on-call address (``Organisation.contact_email``); still not
acknowledged one more window after that, to every active admin of the organisation. Each step
is recorded on the alert (``escalated_to_on_call_at``, ``escalated_to_admins_at``).

Nothing is silently dropped, and nothing is sent twice:

- a worker *claims* the alert (``escalation_claimed_until``, a conditional UPDATE) before it
  sends, so two sweeps at once send one e-mail; a claim lapses after ``CLAIM_SECONDS``, so a
  worker that died mid-step does not hold the alert back: the next sweep after the lapse sends;
- the step is marked done only after the mail server accepted the message; an SMTP failure
  counts the attempt, keeps the error on the row and leaves the step due for the next sweep;
- an acknowledged (or resolved) alert is never claimed, so it never escalates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone

from .models import Alert, AlertPriority, StaffMembership, StaffRole
from .services import CLAIM_SECONDS, SMTP_TIMEOUT_SECONDS, alert_url

log = logging.getLogger(__name__)

ON_CALL = "on_call"
ADMINS = "admins"
STEP_FIELDS = {ON_CALL: "escalated_to_on_call_at", ADMINS: "escalated_to_admins_at"}


@dataclass(frozen=True)
class Due:
    alert: Alert
    step: str


def _unacknowledged_urgent() -> list[Alert]:
    return list(
        Alert.objects.open()
        .filter(priority=AlertPriority.URGENT, escalated_to_admins_at__isnull=True)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


def due_escalations(now: datetime | None = None) -> list[Due]:
    """Each unacknowledged urgent alert whose next escalation step is due at ``now``."""
    now = now or timezone.now()
    due: list[Due] = []
    for alert in _unacknowledged_urgent():
        window = alert.organisation.alert_ack_window
        if alert.escalated_to_on_call_at is None:
            if alert.created_at + window <= now:
                due.append(Due(alert, ON_CALL))
        elif alert.escalated_to_on_call_at + window <= now:
            due.append(Due(alert, ADMINS))
    return due


def claim_step(alert: Alert, step: str, now: datetime) -> bool:
    """Take the step for one attempt; False when acknowledged, done, or another worker has it."""
    taken = (
        Alert.objects.filter(
            pk=alert.pk,
            acknowledged_at__isnull=True,
            resolved_at__isnull=True,
            **{f"{STEP_FIELDS[step]}__isnull": True},
        )
        .filter(Q(escalation_claimed_until__isnull=True) | Q(escalation_claimed_until__lt=now))
        .update(escalation_claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return bool(taken)


def recipients(alert: Alert, step: str) -> list[str]:
    if step == ON_CALL:
        return [alert.organisation.contact_email]
    admins = StaffMembership.objects.active().filter(
        organisation_id=alert.organisation_id, role=StaffRole.ORG_ADMIN, user__is_active=True
    )
    return sorted({m.user.email for m in admins.select_related("user") if m.user.email})


def _message(alert: Alert, step: str, to: list[str]) -> EmailMessage:
    # Like the first e-mail: no answers, no scores, no names. The queue holds them.
    waited = timezone.now() - alert.created_at
    minutes = int(waited.total_seconds() // 60)
    who = "the on-call address" if step == ON_CALL else "the organisation's admins"
    body = (
        f"An urgent alert for {alert.organisation.name} ({alert.get_kind_display()}) has not "
        f"been acknowledged {minutes} minutes after it was recorded, so it is escalated to "
        f"{who}.\n\nPlease make sure someone acts on it now, following your urgent-contact "
        f"procedure, and acknowledge it in the alert queue:\n{alert_url(alert)}\n"
    )
    return EmailMessage(
        subject=f"[firsttouch] Escalated: urgent alert not acknowledged at "
        f"{alert.organisation.name}",
        body=body,
        to=to,
    )


def escalate(alert: Alert, step: str, now: datetime | None = None) -> bool:
    """Send one escalation step of ``alert``; True when sent now. Never raises."""
    now = now or timezone.now()
    if not claim_step(alert, step, now):
        return False
    field = STEP_FIELDS[step]
    try:
        to = recipients(alert, step)
        if not to:
            raise RuntimeError("the organisation has no active admin with an e-mail address")
        connection = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT_SECONDS)
        if not connection.send_messages([_message(alert, step, to)]):
            raise RuntimeError("the mail backend accepted no message")
    except Exception as exc:
        log.exception(
            "URGENT: escalation (%s) of alert %s failed; the next sweep retries it", step, alert.pk
        )
        _record(alert, {"escalation_error": f"{type(exc).__name__}: {exc}"[:500]})
        return False
    _record(alert, {field: timezone.now(), "escalation_error": ""})
    return True


def _record(alert: Alert, values: dict[str, object]) -> None:
    """Count the attempt and release the claim; the step's time only when it was sent."""
    try:
        alert.refresh_from_db()
        for name, value in values.items():
            setattr(alert, name, value)
        alert.escalation_attempts += 1
        alert.escalation_claimed_until = None
        alert.save(
            update_fields=[*values, "escalation_attempts", "escalation_claimed_until"],
        )
    except Exception:
        # The claim lapses by itself; an unrecorded send is the one case that can repeat.
        log.exception("Alert %s: could not record the escalation attempt", alert.pk)


def escalate_due(now: datetime | None = None) -> tuple[int, int]:
    """One sweep: every due step once; (sent, still due)."""
    due = due_escalations(now)
    sent = sum(1 for d in due if escalate(d.alert, d.step, now))
    return sent, len(due) - sent
