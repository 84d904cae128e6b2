"""Migration 0004 keeps every clinic, share and alert: shares become screenings consent."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programs", "0003_caregiversettings_moves_to_wellbeing")]
AFTER = [("programs", "0004_organisations_and_consent")]


def migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_shares_become_consent_to_screenings_and_mood() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        user = old.get_model("accounts", "User").objects.create(
            username="alice@example.com", email="alice@example.com"
        )
        family = old.get_model("accounts", "Family").objects.create(name="Alice's family")
        old.get_model("accounts", "Membership").objects.create(user=user, family=family)
        clinic = old.get_model("programs", "Clinic").objects.create(
            name="Riverside clinic", contact_email="team@river.test", join_code="RIVER234"
        )
        old.get_model("programs", "ClinicShare").objects.create(mother=user, clinic=clinic)
        old.get_model("programs", "Alert").objects.create(
            clinic=clinic, respondent=user, response_id=7
        )

        new = migrate(AFTER).loader.project_state(AFTER).apps
        consent = new.get_model("programs", "Consent").objects.get()
        assert (consent.caregiver_id, consent.family_id) == (user.pk, family.pk)
        assert consent.organisation.name == "Riverside clinic"
        assert consent.organisation.kind == "clinic"
        assert consent.screenings_mood is True
        assert not (consent.massage_sessions or consent.baby_logs or consent.notes)
        assert consent.consent_version == "0" and "urgent alert" in consent.consent_text
        alert = new.get_model("programs", "Alert").objects.get()
        assert alert.organisation_id == consent.organisation_id
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
