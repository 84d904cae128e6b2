"""Migration 0007 keeps every alert: an alert from before the queue gets its family's id (so
the queue can label it), is urgent, and is open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programs", "0006_access_log_append_only_trigger")]
AFTER = [("programs", "0007_alert_queue")]


def migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_alerts_get_their_family_and_stay_urgent_and_open() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        user = old.get_model("accounts", "User").objects.create(
            username="alice@example.com", email="alice@example.com"
        )
        family = old.get_model("accounts", "Family").objects.create(name="Alice's family")
        old.get_model("accounts", "Membership").objects.create(user=user, family=family)
        org = old.get_model("programs", "Organisation").objects.create(
            name="Riverside clinic", contact_email="team@river.test", join_code="RIVER234"
        )
        Alert = old.get_model("programs", "Alert")
        hers = Alert.objects.create(organisation=org, respondent=user, response_id=7)
        orphan = Alert.objects.create(organisation=org, respondent=None, response_id=8)

        new = migrate(AFTER).loader.project_state(AFTER).apps
        Alert = new.get_model("programs", "Alert")
        migrated = Alert.objects.get(pk=hers.pk)
        assert migrated.family_id == family.pk
        assert (migrated.priority, migrated.kind) == ("urgent", "urgent_self_harm")
        assert migrated.acknowledged_at is None and migrated.resolved_at is None
        assert Alert.objects.get(pk=orphan.pk).family_id is None
        assert new.get_model("programs", "Organisation").objects.get().epds_threshold == 13
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
