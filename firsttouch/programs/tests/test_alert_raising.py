"""Raising alerts into the queue from each source, without HTTP except the API path itself:
a high EPDS total, baby red flags, lactation red flags. Each only with the matching consent,
each once per source, flag and organisation."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from firsttouch.accounts.models import ApiToken
from firsttouch.babies.models import Baby
from firsttouch.lactation import services as lactation
from firsttouch.lactation.models import LactationSession
from firsttouch.programs import alerts
from firsttouch.programs.consent import active_consents, give_consent, revoke
from firsttouch.programs.models import (
    Alert,
    AlertKind,
    AlertPriority,
    Consent,
    DeliveryStatus,
    Organisation,
)
from firsttouch.programs.services import undelivered_count
from firsttouch.tracking.models import IllnessCheck, Nappy, StoolColour
from firsttouch.tracking.services import save_entry
from firsttouch.wellbeing import services as wellbeing
from tests.cast import Member

FORWARD = {1, 2, 4}


def epds(total_from_items_1_to_9: int) -> dict[str, int]:
    """Answers (option index as shown) scoring ``total`` over items 1-9, item 10 "Never".

    Forward items score their index; reversed items score 3 minus it.
    """
    left = total_from_items_1_to_9
    chosen: dict[str, int] = {}
    for item in range(1, 10):
        score = min(3, left)
        left -= score
        chosen[str(item)] = score if item in FORWARD else 3 - score
    return chosen | {"10": 3}


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


@pytest.fixture
def nicu(db: None) -> Organisation:
    return Organisation.objects.create(name="Hilltop NICU", contact_email="nicu@hill.test")


def now() -> Any:
    return timezone.now()


# --- EPDS at or above the organisation's threshold -------------------------------------------


def test_the_default_threshold_is_the_deployments_probable_cut_off(
    clinic: Organisation, settings: Any
) -> None:
    assert clinic.epds_threshold == settings.EPDS_PROBABLE_THRESHOLD == 13


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("epds_threshold", 0, False),
        ("epds_threshold", 1, True),
        ("epds_threshold", 30, True),
        ("epds_threshold", 31, False),  # the EPDS total is at most 30
        ("alert_ack_window", timedelta(minutes=4), False),
        ("alert_ack_window", timedelta(minutes=5), True),
    ],
)
def test_an_organisations_alert_settings_stay_in_range(
    clinic: Organisation, field: str, value: object, ok: bool
) -> None:
    setattr(clinic, field, value)
    if ok:
        clinic.full_clean()
    else:
        with pytest.raises(ValidationError) as refused:
            clinic.full_clean()
        assert field in refused.value.message_dict


@pytest.mark.parametrize(("total", "raised"), [(12, False), (13, True), (20, True)])
def test_a_completed_epds_at_or_above_the_threshold_raises_a_routine_alert(
    alice: Member, clinic: Organisation, total: int, raised: bool
) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    done = wellbeing.submit(alice.user, alice.family, "epds", epds(total), finish=True)
    assert done.total == total
    found = list(Alert.objects.filter(kind=AlertKind.EPDS_HIGH))
    assert bool(found) is raised
    if raised:
        [alert] = found
        assert alert.priority == AlertPriority.ROUTINE
        assert alert.response_id == done.pk and alert.family_id == alice.family.pk
        assert alert.delivery_status == DeliveryStatus.NOT_EMAILED
        assert undelivered_count() == 0  # routine: nothing to e-mail, nothing missing


def test_each_organisation_uses_its_own_threshold(
    alice: Member, clinic: Organisation, nicu: Organisation
) -> None:
    nicu.epds_threshold = 16
    nicu.save()
    for org in (clinic, nicu):
        give_consent(alice.user, org, {"screenings_mood"})
    wellbeing.submit(alice.user, alice.family, "epds", epds(14), finish=True)
    assert [a.organisation for a in Alert.objects.filter(kind=AlertKind.EPDS_HIGH)] == [clinic]


def test_a_draft_raises_no_epds_alert(alice: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    wellbeing.submit(alice.user, alice.family, "epds", epds(20), finish=False)
    assert not Alert.objects.exists()


@pytest.mark.parametrize("categories", [{"baby_logs", "notes"}, None])
def test_no_epds_alert_without_her_consent_to_screenings(
    alice: Member, clinic: Organisation, categories: set[str] | None
) -> None:
    if categories:
        give_consent(alice.user, clinic, categories)
    wellbeing.submit(alice.user, alice.family, "epds", epds(20), finish=True)
    assert not Alert.objects.exists()


def test_her_partners_consent_never_alerts_on_her_screening(
    alice: Member, dan: Member, clinic: Organisation
) -> None:
    give_consent(dan.user, clinic, {"screenings_mood", "baby_logs"})
    wellbeing.submit(alice.user, alice.family, "epds", epds(20), finish=True)
    assert not Alert.objects.exists()


def test_recording_the_epds_alert_again_changes_nothing(
    alice: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    done = wellbeing.submit(alice.user, alice.family, "epds", epds(15), finish=True)
    assert alerts.record_epds_high(done) == []
    wellbeing.complete(done)
    assert Alert.objects.count() == 1


def test_item_10_gives_the_urgent_alert_and_a_high_total_the_routine_one(
    alice: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    wellbeing.submit(alice.user, alice.family, "epds", epds(15) | {"10": 1}, finish=True)
    assert sorted(Alert.objects.values_list("kind", "priority")) == [
        (AlertKind.EPDS_HIGH, AlertPriority.ROUTINE),
        (AlertKind.URGENT_SELF_HARM, AlertPriority.URGENT),
    ]
    urgent = Alert.objects.get(kind=AlertKind.URGENT_SELF_HARM)
    assert urgent.family_id == alice.family.pk


# --- Baby red flags --------------------------------------------------------------------------


def pale_stool(baby: Baby, member: Member, **fields: Any) -> Nappy:
    return Nappy(
        baby=baby,
        created_by=member.user,
        time=fields.pop("time", now() - timedelta(minutes=5)),
        dirty=True,
        colour=StoolColour.PALE,
        **fields,
    )


def test_a_pale_stool_raises_a_routine_baby_alert_with_its_code(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    entry = save_entry(pale_stool(mia, alice))
    [alert] = Alert.objects.all()
    assert (alert.kind, alert.code, alert.priority) == (
        AlertKind.BABY_RED_FLAG,
        "stool-pale",
        AlertPriority.ROUTINE,  # content urgency "today"
    )
    assert (alert.source_kind, alert.source_id, alert.family_id) == (
        "nappy",
        entry.pk,
        alice.family.pk,
    )
    assert alert.respondent == alice.user
    assert alert.delivery_status == DeliveryStatus.NOT_EMAILED


def test_fever_under_3_months_and_signs_of_serious_illness_are_urgent(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    save_entry(
        IllnessCheck(
            baby=mia,
            created_by=alice.user,
            time=now() - timedelta(minutes=1),
            temperature_c=Decimal("38.2"),
            signs=["floppy", "feeding_poorly"],
        )
    )
    assert dict(Alert.objects.values_list("code", "priority")) == {
        "serious-illness-signs": AlertPriority.URGENT,  # content urgency "emergency"
        "fever-under-3-months": AlertPriority.URGENT,  # content urgency "urgent"
        "feeding-poorly": AlertPriority.ROUTINE,  # content urgency "today"
    }
    assert set(
        Alert.objects.filter(priority="urgent").values_list("delivery_status", flat=True)
    ) == {DeliveryStatus.PENDING}


def test_a_partners_consent_to_the_babys_logs_shares_the_familys_flags(
    alice: Member, dan: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(dan.user, clinic, {"baby_logs"})
    save_entry(pale_stool(mia, alice))
    assert Alert.objects.get().family_id == alice.family.pk


@pytest.mark.parametrize("categories", [{"screenings_mood", "notes", "massage_sessions"}, None])
def test_no_baby_alert_without_consent_to_the_babys_logs(
    alice: Member, mia: Baby, clinic: Organisation, categories: set[str] | None
) -> None:
    if categories:
        give_consent(alice.user, clinic, categories)
    save_entry(pale_stool(mia, alice))
    assert not Alert.objects.exists()


def test_no_baby_alert_after_consent_is_revoked(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    revoke(active_consents(alice.user)[0])
    save_entry(pale_stool(mia, alice))
    assert not Alert.objects.exists()


def test_another_familys_consent_does_not_alert_for_this_family(
    alice: Member, bob: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(bob.user, clinic, {"baby_logs"})
    save_entry(pale_stool(mia, alice))
    assert not Alert.objects.exists()


def test_saving_the_same_entry_again_raises_nothing_new(
    alice: Member, mia: Baby, clinic: Organisation, nicu: Organisation
) -> None:
    for org in (clinic, nicu):
        give_consent(alice.user, org, {"baby_logs"})
    entry = save_entry(pale_stool(mia, alice))
    entry.notes = "still pale"
    save_entry(entry)
    assert Alert.objects.count() == 2
    assert alerts.record_baby_red_flags(entry, ["stool-pale"]) == []


def test_an_import_of_historical_rows_raises_no_alert(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    save_entry(pale_stool(mia, alice), announce=False)
    assert not Alert.objects.exists()


def test_an_entry_logged_long_ago_raises_no_alert(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    save_entry(pale_stool(mia, alice, time=now() - timedelta(days=alerts.RECENT_DAYS + 1)))
    assert not Alert.objects.exists()
    save_entry(pale_stool(mia, alice, time=now() - timedelta(days=alerts.RECENT_DAYS - 1)))
    assert Alert.objects.count() == 1


def test_a_nappy_logged_through_the_api_raises_the_alert(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})
    _, raw = ApiToken.issue(alice.user, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = {"baby": mia.pk, "dirty": True, "colour": "pale", "time": now().isoformat()}
    created = api.post("/api/v1/nappies", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert [w["code"] for w in created.json()["warnings"]] == ["stool-pale"]
    assert Alert.objects.get().source_id == created.json()["id"]


def test_a_failing_queue_never_loses_the_parents_entry(
    alice: Member, mia: Baby, clinic: Organisation, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    give_consent(alice.user, clinic, {"baby_logs"})

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(alerts, "record_baby_red_flags", broken)
    entry = save_entry(pale_stool(mia, alice))
    assert Nappy.objects.filter(pk=entry.pk).exists()
    assert any("could not be recorded" in r.getMessage() for r in caplog.records)


# --- Lactation red flags ---------------------------------------------------------------------


def session(member: Member, **fields: Any) -> LactationSession:
    return LactationSession(user=member.user, side="left", **fields)


def test_lactation_flags_raise_alerts_with_the_flags_own_urgency(
    alice: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    saved = lactation.save_session(
        session(alice, temperature_c=Decimal("38.9"), very_unwell=True, pain=3)
    )
    assert dict(Alert.objects.values_list("code", "priority")) == {
        "sepsis_signs": AlertPriority.URGENT,
        "fever": AlertPriority.ROUTINE,
        "very_unwell": AlertPriority.ROUTINE,
    }
    assert {a.source_id for a in Alert.objects.all()} == {saved.pk}
    assert {a.family_id for a in Alert.objects.all()} == {alice.family.pk}
    lactation.save_session(saved)  # saved again: nothing new
    assert Alert.objects.count() == 3


def test_lactation_alerts_need_her_own_consent(
    alice: Member, dan: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"baby_logs", "notes"})
    give_consent(dan.user, clinic, {"screenings_mood", "baby_logs"})
    lactation.save_session(session(alice, temperature_c=Decimal("38.9")))
    assert not Alert.objects.exists()


def test_a_consent_whose_text_did_not_name_lactation_raises_no_lactation_alert(
    alice: Member, clinic: Organisation
) -> None:
    """Version 1 of the consent text named her screenings and mood entries only."""
    consent = give_consent(alice.user, clinic, {"screenings_mood"})
    Consent.objects.filter(pk=consent.pk).update(consent_version="1")
    lactation.save_session(session(alice, temperature_c=Decimal("38.9"), very_unwell=True))
    assert not Alert.objects.exists()
    assert "breastfeeding log" in consent.consent_text  # what the current text tells her


def test_a_session_without_flags_raises_nothing(alice: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    lactation.save_session(session(alice, temperature_c=Decimal("37.0")))
    assert not Alert.objects.exists()


def test_importing_a_recent_black_stool_from_baby_buddy_raises_no_alert(
    alice: Member, clinic: Organisation
) -> None:
    """Imports are history: the family sees the flag, the organisation's queue gets nothing,
    however recent the row (the same nappy logged by hand raises one)."""
    from firsttouch.portability import importing

    give_consent(alice.user, clinic, {"baby_logs"})
    born = (timezone.localdate() - timedelta(days=30)).isoformat()
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")
    csv_files = [
        (
            "child.csv",
            f"id,first_name,last_name,birth_date,birth_time\n1,Ada,Byron,{born},06:40:00\n".encode(),
        ),
        (
            "diaperchange.csv",
            b"id,child_first_name,child_last_name,time,wet,solid,color,amount,notes,tags\n"
            + f"31,Ada,Byron,{when},0,1,black,,,\n".encode(),
        ),
    ]
    job = importing.start_csv_import(alice.family, alice.user, csv_files)
    for _ in range(20):
        if not job.is_running:
            break
        job = importing.step(job)
    nappy = Nappy.objects.get(baby__family=alice.family)
    assert nappy.colour == StoolColour.BLACK
    assert not Alert.objects.exists()
    save_entry(
        Nappy(baby=nappy.baby, created_by=alice.user, time=now(), dirty=True, colour="black")
    )
    assert Alert.objects.get().code == "stool-black"
