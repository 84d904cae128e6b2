"""The Baby Buddy API key of an import left unfinished is erased by the worker after a day,
whether or not the family ever opens the import page again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from firsttouch.portability.models import ImportJob, ImportSource, ImportState
from firsttouch.portability.tasks import forget_stale_import_keys
from tests.cast import Member

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "bb-api-key-0123456789abcdef"


def api_job(member: Member, idle: timedelta) -> ImportJob:
    job = ImportJob.objects.create(
        family=member.family,
        created_by=member.user,
        source=ImportSource.API,
        base_url="https://babybuddy.example.org",
        token=KEY,
    )
    # updated_at is auto_now: set the last step's time behind the model's back.
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - idle)
    return job


def test_the_worker_erases_the_key_of_an_import_left_for_a_day(
    settings: Any, alice: Member, bob: Member
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    left = api_job(alice, timedelta(days=1, minutes=5))
    running = api_job(bob, timedelta(minutes=5))

    call_command("worker", batch=True, verbosity=0)

    left.refresh_from_db()
    assert left.token == ""
    assert left.state == ImportState.CANCELLED
    assert "left unfinished for a day" in left.error
    running.refresh_from_db()
    assert running.token == KEY and running.state == ImportState.RUNNING


def test_a_finished_import_never_keeps_a_key(alice: Member) -> None:
    job = api_job(alice, timedelta(minutes=1))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.DONE)

    assert forget_stale_import_keys.call() == 0

    job.refresh_from_db()
    assert job.token == ""
