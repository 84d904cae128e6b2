"""The urgent clinic alert: recorded with the response for every non-zero item 10 answer.

Moved here from wellbeing: the alert is the clinics' part, raised through wellbeing's signal.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from firsttouch.programs import services as programs
from firsttouch.programs.consent import active_consents, give_consent, revoke
from firsttouch.programs.models import Alert, AlertKind, DeliveryStatus, Organisation
from firsttouch.wellbeing import safety, services
from tests.cast import Member

FORWARD = {1, 2, 4}


def answers(item10_index: int) -> dict[str, int]:
    """All items at score 0 but item 10 (option index as shown: 3 is "Never")."""
    return {str(i): 0 if i in FORWARD else 3 for i in range(1, 10)} | {"10": item10_index}


@pytest.fixture
def clinics(alice: Member) -> list[Organisation]:
    found = [
        Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test"),
        Organisation.objects.create(name="Baby massage class", contact_email="class@mass.test"),
    ]
    for clinic in found:
        give_consent(alice.user, clinic, {"screenings_mood"})
    return found


@pytest.mark.parametrize("index", [0, 1, 2])
def test_an_alert_is_recorded_for_each_clinic_she_shares_with(
    alice: Member, clinics: list[Organisation], index: int
) -> None:
    done = services.submit(alice.user, alice.family, "epds", answers(index), finish=True)
    alerts = Alert.objects.filter(response_id=done.pk)
    assert {a.organisation for a in alerts} == set(clinics)
    assert all(
        a.kind == AlertKind.URGENT_SELF_HARM
        and a.respondent == alice.user
        and a.delivery_status == DeliveryStatus.PENDING
        for a in alerts
    )


def test_never_records_no_alert(alice: Member, clinics: list[Organisation]) -> None:
    services.submit(alice.user, alice.family, "epds", answers(3), finish=True)
    assert not Alert.objects.exists()


def test_no_alert_without_sharing(alice: Member, bob: Member) -> None:
    Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    services.submit(alice.user, alice.family, "epds", answers(0), finish=True)
    assert not Alert.objects.exists()


def test_no_alert_after_she_revokes(alice: Member, clinics: list[Organisation]) -> None:
    revoke(active_consents(alice.user)[0])
    done = services.submit(alice.user, alice.family, "epds", answers(1), finish=True)
    assert [a.organisation for a in Alert.objects.filter(response_id=done.pk)] == [clinics[1]]


def test_another_mothers_sharing_does_not_alert_for_her(
    alice: Member, bob: Member, clinics: list[Organisation]
) -> None:
    services.submit(bob.user, bob.family, "epds", answers(0), finish=True)
    assert not Alert.objects.exists()


def test_raising_twice_records_once(alice: Member, clinics: list[Organisation]) -> None:
    done = services.submit(alice.user, alice.family, "epds", answers(2), finish=True)
    assert safety.raise_urgent_alert(done) == []
    assert Alert.objects.filter(response_id=done.pk).count() == 2


def test_a_broken_alert_never_fails_the_completion(
    alice: Member, clinics: list[Organisation], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any) -> None:
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(programs, "record_urgent_alerts", boom)
    done = services.submit(alice.user, alice.family, "epds", answers(0), finish=True)
    assert done.is_complete
    assert safety.safety_for(done) is not None


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_delivery_is_queued_for_the_worker_after_commit(
    alice: Member, clinics: list[Organisation], django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(alice.user, alice.family, "epds", answers(2), finish=True)
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_alert_task")
    assert queued.count() == 2
    assert mail.outbox == []  # the worker sends it, not the mother's request


def test_the_clinic_is_emailed_after_commit(
    alice: Member,
    clinics: list[Organisation],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        done = services.submit(alice.user, alice.family, "epds", answers(2), finish=True)
    assert sorted(m.to[0] for m in mail.outbox) == ["class@mass.test", "team@river.test"]
    assert "Urgent" in mail.outbox[0].subject
    # No answers or scores travel by e-mail: only that an alert is waiting, and where.
    assert "Sometimes" not in mail.outbox[0].body and "Hardly ever" not in mail.outbox[0].body
    for message in mail.outbox:
        alert = Alert.objects.get(response_id=done.pk, organisation__contact_email=message.to[0])
        # The link leads the organisation's staff to the alert in their queue.
        assert f"/staff/{alert.organisation_id}/alerts/{alert.pk}/" in message.body
    assert all(
        a.delivery_status == DeliveryStatus.DELIVERED
        for a in Alert.objects.filter(response_id=done.pk)
    )


def test_e_mail_down_keeps_the_alert_pending_and_the_result_intact(
    alice: Member,
    clinics: list[Organisation],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "firsttouch.programs.tests.test_alert_delivery.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        done = services.submit(alice.user, alice.family, "epds", answers(1), finish=True)
    assert done.is_complete
    alerts = Alert.objects.filter(response_id=done.pk)
    assert alerts.count() == 2
    assert all(
        a.delivery_status == DeliveryStatus.PENDING and a.delivery_attempts == 1 for a in alerts
    )
    assert programs.undelivered_count() == 2
