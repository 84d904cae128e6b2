"""Delivering an alert: the record stays, a failure is counted and retried, never dropped."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from firsttouch.programs import services
from firsttouch.programs.models import Alert, DeliveryStatus, Organisation
from tests.cast import Member


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def alert(alice: Member) -> Alert:
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    return Alert.objects.create(organisation=clinic, respondent=alice.user, response_id=41)


def test_delivery_marks_it_delivered(alert: Alert) -> None:
    assert services.deliver_alert(alert)
    alert.refresh_from_db()
    assert alert.delivery_status == DeliveryStatus.DELIVERED
    assert alert.delivery_attempts == 1
    assert alert.delivered_at is not None
    assert mail.outbox[0].to == ["team@river.test"]
    assert services.undelivered_count() == 0


def test_failure_keeps_the_alert_pending_and_counts_it(alert: Alert, settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    assert not services.deliver_alert(alert)
    alert.refresh_from_db()
    assert alert.delivery_status == DeliveryStatus.PENDING
    assert alert.delivery_attempts == 1
    assert "mail server down" in alert.last_error
    assert services.undelivered_count() == 1
    assert Alert.objects.count() == 1


def test_after_many_failures_it_is_failed_but_still_undelivered(
    alert: Alert, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    for _ in range(services.MAX_DELIVERY_ATTEMPTS):
        services.deliver_alert(alert)
    alert.refresh_from_db()
    assert alert.delivery_status == DeliveryStatus.FAILED
    assert services.undelivered_count() == 1


def test_the_retry_command_delivers_what_is_pending(alert: Alert, settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    services.deliver_alert(alert)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("deliver_alerts", stdout=out, stderr=StringIO())
    assert "Delivered 1" in out.getvalue()
    alert.refresh_from_db()
    assert alert.delivery_status == DeliveryStatus.DELIVERED
    assert alert.delivery_attempts == 2
    assert len(mail.outbox) == 1


def test_a_delivered_alert_is_not_sent_again(alert: Alert) -> None:
    services.deliver_alert(alert)
    services.deliver_alert(alert)
    assert len(mail.outbox) == 1


def test_the_alert_outlives_her_account(alert: Alert, alice: Member) -> None:
    alice.user.delete()
    alert.refresh_from_db()
    assert alert.respondent is None
    assert services.undelivered_count() == 1


def test_an_alert_being_sent_by_one_worker_is_left_alone_by_another(alert: Alert) -> None:
    assert services.claim(alert)
    other = Alert.objects.get(pk=alert.pk)
    assert not services.deliver_alert(other)
    assert mail.outbox == []
    other.refresh_from_db()
    assert other.delivery_attempts == 0


def test_a_lapsed_claim_lets_the_alert_be_retried(alert: Alert) -> None:
    from datetime import timedelta

    from django.utils import timezone

    Alert.objects.filter(pk=alert.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert services.deliver_alert(alert)
    alert.refresh_from_db()
    assert alert.claimed_until is None
    assert len(mail.outbox) == 1


def test_the_worker_timer_retries_a_failed_alert_until_delivered(
    alert: Alert, settings: Any
) -> None:
    from firsttouch.programs.tasks import retry_pending_alerts

    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    assert not services.deliver_alert(alert)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_pending_alerts.call() == 0
    alert.refresh_from_db()
    assert alert.delivery_status == DeliveryStatus.DELIVERED
    assert alert.delivery_attempts == 2
    assert len(mail.outbox) == 1
