"""CaregiverSettings moved from programs to wellbeing: an upgraded install keeps every row.

Migrates the test database back to before the move, writes a row the old way, migrates
forward again and reads it through the new model; and back down again, so a rollback keeps
it too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from firsttouch.wellbeing.models import CaregiverSettings
from tests.cast import Member

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("programs", "0002_alert_claimed_until"), ("wellbeing", "0001_initial")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def back_to_before_the_move() -> Iterator[None]:
    migrate(BEFORE)
    yield
    migrate(leaves())


def test_an_upgrade_keeps_her_settings(
    alice: Member, bob: Member, back_to_before_the_move: None
) -> None:
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    assert (
        old.get_model("programs", "CaregiverSettings")._meta.db_table
        == "programs_caregiversettings"
    )
    old.get_model("programs", "CaregiverSettings").objects.create(
        user_id=alice.user.pk, country="US", share_screenings_with_family=True
    )
    migrate(leaves())
    row = CaregiverSettings.objects.get(user=alice.user)
    assert (row.country, row.share_screenings_with_family) == ("US", True)
    assert CaregiverSettings._meta.db_table == "wellbeing_caregiversettings"
    assert "programs_caregiversettings" not in connection.introspection.table_names()
    CaregiverSettings.objects.create(user=bob.user, country="GB")  # new rows still go in
    # And a rollback to before the move keeps it as well.
    migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    kept = old.get_model("programs", "CaregiverSettings").objects.get(user_id=alice.user.pk)
    assert kept.country == "US"
