"""``firsttouch worker``: the database queue end to end (enqueue, run, e-mail once)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from firsttouch.babies.models import Baby
from firsttouch.ops.management.commands.worker import enqueue_sweep

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_batch_run_enqueues_the_sweep_and_sends_once(
    database_queue: None, five_weeks: Baby
) -> None:
    call_command("worker", batch=True, verbosity=0)
    call_command("worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 1
    sweeps = DBTaskResult.objects.filter(task_path__endswith="send_due_reminders")
    results = sweeps.order_by("enqueued_at")
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert [r.return_value for r in results] == [1, 0]


def test_the_timer_does_not_pile_up_sweeps_while_one_waits(database_queue: None) -> None:
    assert enqueue_sweep() is True
    assert enqueue_sweep() is False
    # One reminder sweep, one retry of undelivered clinic alerts, one escalation of urgent
    # alerts nobody acknowledged, one erasure of stale import keys, one class-reminder
    # sweep, one summary of baby logs for studies and one study-reminder sweep, not two of
    # each.
    assert sorted(r.task_path.rsplit(".", 1)[-1] for r in DBTaskResult.objects.all()) == [
        "escalate_unacknowledged_alerts",
        "forget_stale_import_keys",
        "retry_pending_alerts",
        "send_class_reminders",
        "send_due_reminders",
        "send_study_reminders",
        "summarise_baby_logs",
    ]


def test_the_interval_must_be_positive(database_queue: None) -> None:
    with pytest.raises(CommandError):
        call_command("worker", every=0, batch=True)
