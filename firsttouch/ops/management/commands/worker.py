"""``firsttouch worker``: run background tasks, and enqueue the reminder sweep on a timer.

One process does both, so a self-hosted install needs a web server and this, nothing more
(no cron, no broker): a small daemon thread enqueues ``send_due_reminders`` every ``--every``
minutes (skipping a beat while one is still waiting in the queue), and the main thread runs
django-tasks-db's ``db_worker`` loop, which executes whatever is queued. Running two workers
is safe: reminders are recorded before they are sent, under a unique constraint, so each goes
out once. ``--no-schedule`` runs a worker without the timer; ``--batch`` enqueues one sweep,
runs the queue empty and exits (handy from cron or in tests).
"""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

DEFAULT_EVERY_MINUTES = 5


def enqueue_sweep() -> bool:
    """Queue one reminder sweep, one retry of undelivered clinic alerts, one escalation of
    unacknowledged urgent alerts, one erasure of stale import keys, one class-reminder
    sweep, one summary of study participants' baby logs and one study-reminder sweep, unless
    each is already waiting; True when anything was queued."""
    from django_tasks_db.models import DBTaskResult

    from firsttouch.courses.tasks import send_class_reminders
    from firsttouch.portability.tasks import forget_stale_import_keys
    from firsttouch.programs.tasks import escalate_unacknowledged_alerts, retry_pending_alerts
    from firsttouch.reminders.tasks import send_due_reminders
    from firsttouch.studies.tasks import send_study_reminders, summarise_baby_logs

    queued = False
    for periodic in (
        send_due_reminders,
        retry_pending_alerts,
        escalate_unacknowledged_alerts,
        forget_stale_import_keys,
        send_class_reminders,
        summarise_baby_logs,
        send_study_reminders,
    ):
        waiting = DBTaskResult.objects.ready().filter(task_path=periodic.module_path)
        if not waiting.exists():
            periodic.enqueue()
            queued = True
    return queued


def schedule_forever(every_seconds: float, stop: threading.Event) -> None:
    """The timer thread: enqueue, wait, repeat; a database hiccup only skips one beat."""
    while not stop.is_set():
        try:
            close_old_connections()
            enqueue_sweep()
        except Exception:
            logger.exception("Could not enqueue the reminder sweep; trying again later.")
        finally:
            connection.close()
        stop.wait(every_seconds)


class Command(BaseCommand):
    help = (
        "Run background tasks (reminder e-mails and notifications) and enqueue the reminder "
        "sweep regularly."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            default=DEFAULT_EVERY_MINUTES,
            help="Minutes between reminder sweeps (default: %(default)s).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Only run queued tasks; another worker enqueues the sweeps.",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Enqueue one sweep, run every queued task, then exit.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when the queue is empty (default: 1).",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["every"] <= 0:
            raise CommandError("--every must be a positive number of minutes.")
        stop = threading.Event()
        if not opts["no_schedule"]:
            if opts["batch"]:
                enqueue_sweep()
            else:
                threading.Thread(
                    target=schedule_forever,
                    args=(opts["every"] * 60, stop),
                    name="reminder-schedule",
                    daemon=True,
                ).start()
                self.stdout.write(f"Enqueuing the reminder sweep every {opts['every']:g} minutes.")
        try:
            call_command(
                "db_worker",
                batch=opts["batch"],
                reload=False,
                interval=opts["interval"],
                startup_delay=not opts["batch"],
                verbosity=opts["verbosity"],
            )
        finally:
            stop.set()
