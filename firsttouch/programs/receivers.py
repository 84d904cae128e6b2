"""The organisations' part of what the domain apps announce: record (and e-mail) alerts.

Connected in ``ProgramsConfig.ready`` to ``wellbeing.signals`` (the urgent safety response, a
completed screening), ``tracking.signals.red_flags_raised`` and
``lactation.signals.red_flags_raised``, so the dependency runs one way: programs knows the
domain apps, they never import programs. Each receiver runs in the sender's transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from . import alerts as queue
from . import services, tasks
from .models import Alert, AlertPriority

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


def alert_epds_high(sender: Any, response: Any, **kwargs: Any) -> list[Alert]:
    return queue.record_epds_high(response)


def alert_baby_red_flags(sender: Any, entry: Any, codes: list[str], **kwargs: Any) -> list[Alert]:
    return _doorbell(queue.record_baby_red_flags(entry, codes))


def alert_lactation_red_flags(
    sender: Any, session: Any, flags: list[Any], **kwargs: Any
) -> list[Alert]:
    return _doorbell(queue.record_lactation_red_flags(session, flags))
