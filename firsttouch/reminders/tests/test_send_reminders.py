"""Reminder e-mails: sent once and only once, whatever retries or second workers do."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError

from firsttouch.babies.models import Baby
from firsttouch.reminders import tasks
from firsttouch.reminders.models import Delivery, ReminderSettings
from tests.cast import Member

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def due_check(alice: Member) -> Baby:
    return Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 10))


def test_a_due_check_is_e_mailed_to_the_mother(alice: Member, due_check: Baby) -> None:
    assert tasks.send_due(NOW) == 1
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "A short wellbeing check is due"
    assert "1 month after birth" in message.body
    assert "https://firsttouch.example/wellbeing/" in message.body
    assert "https://firsttouch.example/reminders/settings/" in message.body
    assert "not a diagnosis" in message.body
    assert Delivery.objects.get().key == f"epds:month-1:{due_check.pk}"


def test_the_e_mail_never_contains_a_score(alice: Member, due_check: Baby, epds) -> None:
    epds.latest = (27, datetime(2025, 3, 24, 9, tzinfo=UTC))
    tasks.send_due(NOW)
    assert "27" not in mail.outbox[0].body


def test_running_the_task_twice_sends_once(alice: Member, due_check: Baby) -> None:
    tasks.send_due(NOW)
    tasks.send_due(NOW)
    tasks.send_due(NOW + timedelta(days=1))
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1


def test_the_queued_task_sends_once_when_retried(alice: Member, five_weeks: Baby) -> None:
    first = tasks.send_due_reminders.enqueue()
    retry = tasks.send_due_reminders.enqueue()
    assert first.return_value == 1
    assert retry.return_value == 0
    assert len(mail.outbox) == 1


def test_a_second_worker_that_loses_the_race_sends_nothing(alice: Member, due_check: Baby) -> None:
    # The other worker's row is committed between our check and our insert.
    with mock.patch.object(Delivery.objects, "create", side_effect=IntegrityError("unique")):
        assert tasks.send_due(NOW) == 0
    assert mail.outbox == []


def test_a_real_duplicate_insert_is_refused_by_the_database(alice: Member, due_check: Baby) -> None:
    (item,) = tasks.pending_for(alice.user, NOW)
    assert tasks.deliver_once(alice.user, item) is True
    # A worker that computed its list before the first one sent still sends nothing.
    assert tasks.deliver_once(alice.user, item) is False
    assert len(mail.outbox) == 1


def test_a_failed_send_is_not_recorded_and_is_retried(alice: Member, due_check: Baby) -> None:
    with mock.patch("firsttouch.reminders.tasks.send_mail", side_effect=OSError("smtp down")):
        assert tasks.send_due(NOW) == 0
    assert not Delivery.objects.exists()
    assert tasks.send_due(NOW) == 1
    assert len(mail.outbox) == 1


def test_one_failing_address_does_not_stop_the_others(
    alice: Member, bob: Member, due_check: Baby
) -> None:
    Baby.objects.create(family=bob.family, name="Leo", birth_date=date(2025, 3, 10))
    real = tasks.send_mail

    def flaky(subject, body, sender, to):
        if to == ["alice@example.com"]:
            raise OSError("mailbox full")
        return real(subject, body, sender, to)

    with mock.patch("firsttouch.reminders.tasks.send_mail", side_effect=flaky):
        assert tasks.send_due(NOW) == 1
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]


def test_no_e_mail_when_she_turned_e_mail_off(alice: Member, due_check: Baby) -> None:
    ReminderSettings.objects.create(user=alice.user, email_enabled=False)
    assert tasks.send_due(NOW) == 0
    assert mail.outbox == []


def test_no_e_mail_for_a_snoozed_check(alice: Member, due_check: Baby) -> None:
    from firsttouch.reminders import services

    services.snooze(alice.user, f"epds:month-1:{due_check.pk}", NOW)
    assert tasks.send_due(NOW) == 0


def test_the_partner_gets_no_screening_e_mail(alice: Member, dan: Member, due_check: Baby) -> None:
    tasks.send_due(NOW)
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_the_massage_e_mail_goes_out_near_the_chosen_time_once_a_day(dan: Member) -> None:
    ReminderSettings.objects.create(user=dan.user, massage_time=time(19, 0))
    at_seven = datetime(2025, 4, 10, 18, 5, tzinfo=UTC)  # 19:05 in London
    assert tasks.send_due(at_seven - timedelta(hours=1)) == 0
    assert tasks.send_due(at_seven) == 1
    assert tasks.send_due(at_seven + timedelta(minutes=30)) == 0
    (message,) = mail.outbox
    assert message.subject == "A gentle reminder: today's massage"
    assert "sleep cue" in message.body
    assert "/massage/" in message.body
    # Next day, same time: a new reminder.
    assert tasks.send_due(at_seven + timedelta(days=1)) == 1


def test_a_stale_massage_reminder_is_not_e_mailed_hours_later(dan: Member) -> None:
    ReminderSettings.objects.create(user=dan.user, massage_time=time(7, 0))
    late = datetime(2025, 4, 10, 15, 0, tzinfo=UTC)  # 16:00 in London, nine hours late
    assert tasks.send_due(late) == 0
