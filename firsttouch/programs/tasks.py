"""Background delivery of urgent alerts (django-tasks; the worker or, unconfigured, inline)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import transaction
from django_tasks import task

from .models import Alert
from .services import deliver_alert, deliver_pending

log = logging.getLogger(__name__)


@task()
def deliver_alert_task(alert_id: int) -> bool:
    alert = Alert.objects.select_related("organisation").filter(pk=alert_id).first()
    return deliver_alert(alert) if alert is not None else False


@task()
def retry_pending_alerts() -> int:
    """The worker's timer runs this: alerts that could not be recorded are raised again (the
    urgent self-harm ones from the response's marker, every other kind from its
    ``UnrecordedAlert``), then every alert still pending gets another e-mail attempt. Returns
    how many are still not recorded or not delivered."""
    from firsttouch.wellbeing.services import retry_urgent_alerts

    from .alerts import retry_unrecorded

    _, unrecorded = retry_urgent_alerts()
    _, still_unrecorded = retry_unrecorded()
    _, undelivered = deliver_pending()
    return unrecorded + still_unrecorded + undelivered


def schedule_delivery(alerts: Sequence[Alert]) -> None:
    """After the response commits, e-mail each clinic. Any failure here is logged only.

    The alerts are already saved: if the task queue is down they stay pending, the admin
    shows them as undelivered, and ``firsttouch deliver_alerts`` retries them.
    """
    ids = [a.pk for a in alerts]

    def enqueue() -> None:
        for alert_id in ids:
            try:
                deliver_alert_task.enqueue(alert_id)
            except Exception:
                log.exception(
                    "Urgent alert %s: could not queue its e-mail; it stays "
                    "pending for the retry command",
                    alert_id,
                )

    if ids:
        transaction.on_commit(enqueue, robust=True)


@task()
def escalate_unacknowledged_alerts() -> int:
    """The worker's timer runs this: each urgent alert nobody acknowledged in its
    organisation's window is e-mailed to the on-call address, then to the admins
    (``escalation.py``). Returns how many due steps are still not sent (retried next sweep)."""
    from .escalation import escalate_due

    _, still_due = escalate_due()
    return still_due
