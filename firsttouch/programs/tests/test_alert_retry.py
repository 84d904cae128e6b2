"""Issue 11, gap 3: a routine alert (high EPDS, baby or lactation red flag) that cannot be
recorded is never dropped: a durable marker commits with its source, and the worker's sweep
records the alert from it, exactly once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import models

from firsttouch.babies.models import Baby
from firsttouch.lactation import services as lactation
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, AlertKind, Organisation, UnrecordedAlert
from firsttouch.programs.services import alert_problems, unrecorded_count
from firsttouch.programs.tasks import retry_pending_alerts
from firsttouch.tracking.models import Nappy
from firsttouch.tracking.services import save_entry
from firsttouch.wellbeing import services as wellbeing
from tests.cast import Member

from .test_alert_raising import epds, pale_stool, session

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def clinic(alice: Member) -> Organisation:
    found = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, found, {"screenings_mood", "baby_logs"})
    return found


@pytest.fixture
def create_fails_once(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """``Alert.objects.create`` raises the first time it is called, then works."""
    calls: list[int] = []
    real = models.QuerySet.create

    def create(self: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if self.model is Alert and len(calls) == 1:
            raise RuntimeError("database hiccup")
        return real(self, **kwargs)

    monkeypatch.setattr(models.QuerySet, "create", create)
    return calls


def sweep(settings: Any) -> int:
    settings.TASKS = IMMEDIATE
    return retry_pending_alerts.call()


def _raise_each(alice: Member, mia: Baby) -> dict[str, int]:
    """Save one of each source; return the source ids by alert kind."""
    response = wellbeing.submit(alice.user, alice.family, "epds", epds(20), finish=True)
    nappy = save_entry(pale_stool(mia, alice))
    saved = lactation.save_session(session(alice, temperature_c=Decimal("38.9")))
    return {
        AlertKind.EPDS_HIGH: response.pk,
        AlertKind.BABY_RED_FLAG: nappy.pk,
        AlertKind.LACTATION_RED_FLAG: saved.pk,
    }


@pytest.mark.parametrize(
    "kind", [AlertKind.EPDS_HIGH, AlertKind.BABY_RED_FLAG, AlertKind.LACTATION_RED_FLAG]
)
def test_a_failed_alert_is_marked_and_the_sweep_records_it_exactly_once(
    alice: Member,
    mia: Baby,
    clinic: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    kind: str,
) -> None:
    from firsttouch.programs import alerts

    name: str = {
        str(AlertKind.EPDS_HIGH): "record_epds_high",
        str(AlertKind.BABY_RED_FLAG): "record_baby_red_flags",
        str(AlertKind.LACTATION_RED_FLAG): "record_lactation_red_flags",
    }[kind]
    real = getattr(alerts, name)
    failures: list[int] = []

    def once(*args: Any, **kwargs: Any) -> Any:
        if not failures:
            failures.append(1)
            Alert.objects.create(organisation=clinic, kind=kind, response_id=0)  # rolled back
            raise RuntimeError("database hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(alerts, name, once)
    sources = _raise_each(alice, mia)
    assert not Alert.objects.filter(kind=kind).exists()  # the failed savepoint left nothing
    [marker] = UnrecordedAlert.objects.all()
    assert (marker.kind, marker.source_id) == (kind, sources[kind])
    assert "database hiccup" in marker.error
    assert unrecorded_count() == 1
    assert any("could NOT be recorded" in line for line in alert_problems())

    assert sweep(settings) == 0
    assert not UnrecordedAlert.objects.exists()
    found = Alert.objects.filter(kind=kind, organisation=clinic)
    assert found.count() >= 1
    counted = found.count()
    assert sweep(settings) == 0  # a second sweep records nothing twice
    assert found.count() == counted
    assert all(a.source_id == sources[kind] or a.response_id == sources[kind] for a in found)


def test_alert_create_raising_once_is_retried_by_the_sweep(
    alice: Member, mia: Baby, clinic: Organisation, create_fails_once: list[int], settings: Any
) -> None:
    """The brief's own injection: ``Alert.objects.create`` raises once."""
    entry = save_entry(pale_stool(mia, alice))
    assert Nappy.objects.filter(pk=entry.pk).exists()  # her entry is kept
    assert not Alert.objects.exists()
    assert UnrecordedAlert.objects.count() == 1
    assert sweep(settings) == 0
    [alert] = Alert.objects.all()
    assert (alert.kind, alert.source_id, alert.code) == (
        AlertKind.BABY_RED_FLAG,
        entry.pk,
        "stool-pale",
    )
    sweep(settings)
    assert Alert.objects.count() == 1
    assert not UnrecordedAlert.objects.exists()


def test_a_marker_that_still_fails_stays_with_its_error(
    alice: Member,
    mia: Baby,
    clinic: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    from firsttouch.programs import alerts

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("still down")

    monkeypatch.setattr(alerts, "record_baby_red_flags", broken)
    save_entry(pale_stool(mia, alice))
    assert sweep(settings) == 1
    [marker] = UnrecordedAlert.objects.all()
    assert marker.attempts == 2 and "still down" in marker.error
