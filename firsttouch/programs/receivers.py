"""The clinics' part of a screening's urgent safety response: record and e-mail the alerts.

Connected to ``wellbeing.signals.urgent_safety_response`` in ``ProgramsConfig.ready``, so the
dependency runs one way: programs knows wellbeing, wellbeing never imports programs.
"""

from __future__ import annotations

import logging
from typing import Any

from . import services, tasks
from .models import Alert

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
