"""Upgrading while a CSV import runs: the rows it had not reached move to the staging table
(migration 0002), and the import carries on to the end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from firsttouch.babies.models import Baby
from firsttouch.portability import importing
from firsttouch.portability.models import ImportJob, ImportRow
from firsttouch.tracking.models import Note
from tests.cast import Member

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("portability", "0001_initial")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def before_staging() -> Iterator[None]:
    migrate(BEFORE)
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_small_import_ties_up_server_no_more_a_running_import_survives_the_upgrade(
    alice: Member, before_staging: None
) -> None:
    ada = Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 1))
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    rows = [
        {
            "kind": "note",
            "id": str(i),
            "data": {
                "id": str(i),
                "child_id": "1",
                "note": f"Note {i}",
                "time": f"2025-06-16 0{i}:00:00",
            },
        }
        for i in range(3)
    ]
    job_id = (
        old.get_model("portability", "ImportJob")
        .objects.create(
            family_id=alice.family.pk,
            source="csv",
            total=3,
            processed=1,
            offset=1,  # the first row was imported before the upgrade
            rows=rows,
            fallback_baby_id=ada.pk,
            counts={},
        )
        .pk
    )
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert list(ImportRow.objects.values_list("source_id", flat=True).order_by("id")) == ["1", "2"]
    job = ImportJob.objects.get(pk=job_id)
    while job.is_running:
        job = importing.step(job)
    assert job.state == "done" and job.processed == 3
    assert sorted(Note.objects.filter(baby=ada).values_list("notes", flat=True)) == [
        "Note 1",
        "Note 2",
    ]
