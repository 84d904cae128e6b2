"""The organisations' part of what the domain apps announce: record (and e-mail) alerts.

Connected in ``ProgramsConfig.ready`` to ``wellbeing.signals`` (the urgent safety response, a
completed screening), ``tracking.signals.red_flags_raised`` and
``lactation.signals.red_flags_raised``, so the dependency runs one way: programs knows the
domain apps, they never import programs. Each receiver runs in the sender's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

from . import alerts as queue
from . import services, tasks
from .models import Alert, AlertKind, AlertPriority, UnrecordedAlert

log = logging.getLogger(__name__)


def alert_clinics(sender: Any, response: Any, **kwargs: Any) -> list[Alert]:
    """One urgent alert per clinic she shares with, e-mailed after commit.

    Recording raises on failure, on purpose: the sender marks the response so the worker
    retries it and admins see it. Once recorded, an alert whose e-mail cannot be scheduled
    stays pending (logged here), and the sweep or ``deliver_alerts`` sends it.
    """
    alerts = services.record_urgent_alerts(response.respondent, response.pk)
    try:
        tasks.schedule_delivery(alerts)
    except Exception:
        log.exception(
            "Urgent alerts for response %s are recorded but their e-mail could not "
            "be scheduled; they stay pending for the worker's retry",
            response.pk,
        )
    return alerts


def _doorbell(alerts: list[Alert]) -> list[Alert]:
    """E-mail the urgent ones after commit; routine alerts wait in the queue."""
    urgent = [a for a in alerts if a.priority == AlertPriority.URGENT]
    try:
        tasks.schedule_delivery(urgent)
    except Exception:
        log.exception("Alerts %s are recorded but their e-mail could not be scheduled", urgent)
    return alerts


def _recorded(
    record: Callable[[], list[Alert]], kind: str, source_kind: str, source_id: int, codes: list[str]
) -> list[Alert]:
    """Record in a savepoint; a failure leaves a durable marker, never a silent drop.

    The marker (``UnrecordedAlert``) is written outside the rolled-back savepoint, in the
    sender's transaction, so it commits with the screening or the entry; the worker's sweep
    (``alerts.retry_unrecorded``) records the alert from it.
    """
    try:
        with transaction.atomic():
            return record()
    except Exception as exc:
        log.exception(
            "The %s alert of %s %s could not be recorded; the worker will retry it",
            kind,
            source_kind,
            source_id,
        )
        UnrecordedAlert.objects.create(
            kind=kind,
            source_kind=source_kind,
            source_id=source_id,
            codes=codes,
            error=f"{type(exc).__name__}: {exc}"[:300],
        )
        return []


def alert_epds_high(sender: Any, response: Any, **kwargs: Any) -> list[Alert]:
    return _recorded(
        lambda: queue.record_epds_high(response),
        AlertKind.EPDS_HIGH,
        queue.EPDS_SOURCE,
        response.pk,
        [],
    )


def alert_baby_red_flags(sender: Any, entry: Any, codes: list[str], **kwargs: Any) -> list[Alert]:
    recorded = _recorded(
        lambda: queue.record_baby_red_flags(entry, codes),
        AlertKind.BABY_RED_FLAG,
        entry.KIND,
        entry.pk,
        list(codes),
    )
    return _doorbell(recorded)


def alert_lactation_red_flags(
    sender: Any, session: Any, flags: list[Any], **kwargs: Any
) -> list[Alert]:
    recorded = _recorded(
        lambda: queue.record_lactation_red_flags(session, flags),
        AlertKind.LACTATION_RED_FLAG,
        queue.LACTATION_SOURCE,
        session.pk,
        [f.code for f in flags],
    )
    return _doorbell(recorded)
