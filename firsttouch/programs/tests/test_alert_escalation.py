"""Escalating urgent alerts nobody acknowledged: on-call address after one window, the admins
after another. Never silently dropped (SMTP down, a worker dying mid-step), never sent twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from firsttouch.programs import alerts, escalation
from firsttouch.programs.models import (
    Alert,
    AlertPriority,
    DeliveryStatus,
    Organisation,
    StaffRole,
)
from firsttouch.programs.tasks import escalate_unacknowledged_alerts
from tests.cast import Member
from tests.staff import make_staff

WINDOW = timedelta(hours=1)


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def clinic(db: None) -> Organisation:
    org = Organisation.objects.create(name="Riverside clinic", contact_email="oncall@river.test")
    make_staff(org, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    make_staff(org, "chief@river.test", "Cy Chief", StaffRole.ORG_ADMIN)
    make_staff(org, "nurse@river.test", "Nina Nurse", StaffRole.CLINICIAN)
    gone = make_staff(org, "former@river.test", "Fay Former", StaffRole.ORG_ADMIN)
    org.staff.filter(user=gone).update(ended_at=timezone.now())
    return org


def raised(clinic: Organisation, member: Member, ago: timedelta, **fields: Any) -> Alert:
    return Alert.objects.create(
        organisation=clinic,
        respondent=member.user,
        response_id=fields.pop("response_id", 1),
        family_id=member.family.pk,
        created_at=timezone.now() - ago,
        delivery_status=DeliveryStatus.DELIVERED,  # the doorbell rang; nobody answered
        **fields,
    )


def later(**kwargs: float) -> datetime:
    return timezone.now() + timedelta(**kwargs)


def test_nothing_escalates_inside_the_window(alice: Member, clinic: Organisation) -> None:
    raised(clinic, alice, WINDOW - timedelta(minutes=1))
    assert escalation.escalate_due() == (0, 0)
    assert mail.outbox == []


def test_unacknowledged_it_goes_to_on_call_then_to_every_active_admin(
    alice: Member, clinic: Organisation
) -> None:
    alert = raised(clinic, alice, WINDOW + timedelta(minutes=1))
    assert escalation.escalate_due() == (1, 0)
    alert.refresh_from_db()
    assert alert.escalated_to_on_call_at is not None and alert.escalated_to_admins_at is None
    assert [m.to for m in mail.outbox] == [["oncall@river.test"]]
    # Another sweep inside the second window sends nothing.
    assert escalation.escalate_due() == (0, 0)
    assert escalation.escalate_due(later(minutes=61)) == (1, 0)
    alert.refresh_from_db()
    assert alert.escalated_to_admins_at is not None
    assert mail.outbox[1].to == ["boss@river.test", "chief@river.test"]
    # Fully escalated: no third e-mail, however long it waits.
    assert escalation.escalate_due(later(hours=10)) == (0, 0)
    assert len(mail.outbox) == 2


def test_the_escalation_says_where_to_act_and_nothing_about_her(
    alice: Member, clinic: Organisation
) -> None:
    alert = raised(clinic, alice, timedelta(hours=2))
    escalation.escalate_due()
    [message] = mail.outbox
    assert "Escalated" in message.subject
    assert f"/staff/{clinic.pk}/alerts/{alert.pk}/" in message.body
    for private in (alice.user.email, alice.user.first_name, alice.family.name, "EPDS score"):
        assert private not in message.body


def test_the_organisations_own_window_is_used(alice: Member, clinic: Organisation) -> None:
    clinic.alert_ack_window = timedelta(minutes=15)
    clinic.save()
    raised(clinic, alice, timedelta(minutes=16))
    assert escalation.escalate_due() == (1, 0)


@pytest.mark.parametrize("how", ["acknowledged", "resolved"])
def test_an_acknowledged_or_resolved_alert_never_escalates(
    alice: Member, clinic: Organisation, how: str
) -> None:
    alert = raised(clinic, alice, timedelta(hours=3))
    nurse = clinic.staff.get(role=StaffRole.CLINICIAN).user
    if how == "acknowledged":
        alerts.acknowledge(alert, nurse)
    else:
        alerts.resolve(alert, nurse, "Spoke to her.")
    assert escalation.escalate_due(later(hours=5)) == (0, 0)
    # Even a sweep that listed it before the acknowledgement cannot claim it now.
    assert not escalation.escalate(alert, escalation.ON_CALL)
    assert mail.outbox == []


def test_a_routine_alert_never_escalates(alice: Member, clinic: Organisation) -> None:
    raised(clinic, alice, timedelta(hours=3), priority=AlertPriority.ROUTINE)
    assert escalation.escalate_due(later(hours=5)) == (0, 0)
    assert mail.outbox == []


def test_acknowledging_after_the_on_call_step_stops_the_admin_step(
    alice: Member, clinic: Organisation
) -> None:
    alert = raised(clinic, alice, timedelta(hours=1, minutes=5))
    escalation.escalate_due()
    alerts.acknowledge(alert, clinic.staff.get(role=StaffRole.CLINICIAN).user)
    assert escalation.escalate_due(later(hours=3)) == (0, 0)
    assert len(mail.outbox) == 1


def test_smtp_down_the_step_is_not_marked_and_the_next_sweep_sends_it(
    alice: Member, clinic: Organisation, settings: Any
) -> None:
    alert = raised(clinic, alice, timedelta(hours=2))
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    assert escalation.escalate_due() == (0, 1)
    alert.refresh_from_db()
    assert alert.escalated_to_on_call_at is None
    assert alert.escalation_attempts == 1
    assert "mail server down" in alert.escalation_error
    assert alert.escalation_claimed_until is None  # released for the next sweep
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert escalate_unacknowledged_alerts.call() == 0
    alert.refresh_from_db()
    assert alert.escalated_to_on_call_at is not None and alert.escalation_error == ""
    assert alert.escalation_attempts == 2
    assert [m.to for m in mail.outbox] == [["oncall@river.test"]]


def test_a_failing_escalation_is_reported_by_check_alerts_until_it_is_sent(
    alice: Member, clinic: Organisation, settings: Any
) -> None:
    from firsttouch.programs.services import alert_problems

    alert = raised(clinic, alice, timedelta(hours=2))
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    escalation.escalate_due()
    [line] = alert_problems()
    assert f"Alert {alert.pk}" in line and "escalation e-mail failed" in line
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    escalation.escalate_due()
    assert alert_problems() == []


def test_smtp_down_for_the_admin_step_it_is_retried_too(
    alice: Member, clinic: Organisation, settings: Any
) -> None:
    alert = raised(clinic, alice, timedelta(hours=2))
    escalation.escalate_due()
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    assert escalation.escalate_due(later(hours=2)) == (0, 1)
    alert.refresh_from_db()
    assert alert.escalated_to_admins_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert escalation.escalate_due(later(hours=2)) == (1, 0)
    assert mail.outbox[-1].to == ["boss@river.test", "chief@river.test"]


def test_no_active_admin_keeps_the_admin_step_due_and_says_why(
    alice: Member, clinic: Organisation
) -> None:
    clinic.staff.filter(role=StaffRole.ORG_ADMIN).update(ended_at=timezone.now())
    alert = raised(clinic, alice, timedelta(hours=2))
    escalation.escalate_due()
    assert escalation.escalate_due(later(hours=2)) == (0, 1)
    alert.refresh_from_db()
    assert alert.escalated_to_admins_at is None
    assert "no active admin" in alert.escalation_error


def test_a_worker_that_dies_mid_step_holds_it_only_until_its_claim_lapses(
    alice: Member, clinic: Organisation
) -> None:
    alert = raised(clinic, alice, timedelta(hours=2))
    # A worker claims the step, then its process dies before sending or recording anything.
    assert escalation.claim_step(alert, escalation.ON_CALL, timezone.now())
    assert escalation.escalate_due() == (0, 1)  # another worker leaves the claim alone...
    assert mail.outbox == []
    lapsed = later(seconds=escalation.CLAIM_SECONDS + 1)
    assert escalation.escalate_due(lapsed) == (1, 0)  # ...until it lapses
    alert.refresh_from_db()
    assert alert.escalated_to_on_call_at is not None
    assert [m.to for m in mail.outbox] == [["oncall@river.test"]]


@pytest.mark.django_db(transaction=True)
def test_after_a_crash_the_restarted_worker_sends_the_escalation(
    alice: Member, clinic: Organisation, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    alert = raised(clinic, alice, timedelta(hours=2))
    # The dead worker's claim, taken long enough ago to have lapsed by the restart.
    crashed_at = timezone.now() - timedelta(seconds=escalation.CLAIM_SECONDS + 5)
    assert escalation.claim_step(alert, escalation.ON_CALL, crashed_at)
    call_command("worker", batch=True, verbosity=0)
    alert.refresh_from_db()
    assert alert.escalated_to_on_call_at is not None
    assert [m.to for m in mail.outbox] == [["oncall@river.test"]]


def test_two_sweeps_at_once_send_one_email_per_step(alice: Member, clinic: Organisation) -> None:
    first = raised(clinic, alice, timedelta(hours=2), response_id=1)
    second = raised(clinic, alice, timedelta(hours=2), response_id=2)
    # Both sweeps list the same due steps before either sends.
    one = escalation.due_escalations()
    other = escalation.due_escalations()
    assert [d.alert.pk for d in one] == [d.alert.pk for d in other] == [first.pk, second.pk]
    sent = [escalation.escalate(d.alert, d.step) for d in one]
    sent += [escalation.escalate(d.alert, d.step) for d in other]
    assert sent == [True, True, False, False]
    assert len(mail.outbox) == 2
    # The same for the admins' step.
    one = escalation.due_escalations(later(hours=2))
    other = escalation.due_escalations(later(hours=2))
    sent = [escalation.escalate(d.alert, d.step, later(hours=2)) for d in [*one, *other]]
    assert sent == [True, True, False, False]
    assert len(mail.outbox) == 4


def test_the_worker_timer_enqueues_the_escalation(db: None) -> None:
    from django_tasks_db.models import DBTaskResult

    from firsttouch.ops.management.commands.worker import enqueue_sweep

    enqueue_sweep()
    assert DBTaskResult.objects.filter(
        task_path=escalate_unacknowledged_alerts.module_path
    ).exists()
