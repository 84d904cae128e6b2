"""A staff member's work on an alert, without HTTP: acknowledge, record contacts, resolve,
each with who and when, and clear sentences for what cannot be done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.programs import alerts
from firsttouch.programs.models import Alert, AlertContact, Organisation, StaffRole
from tests.cast import Member
from tests.staff import make_staff


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


@pytest.fixture
def alert(alice: Member, clinic: Organisation) -> Alert:
    return Alert.objects.create(
        organisation=clinic,
        respondent=alice.user,
        response_id=3,
        family_id=alice.family.pk,
        created_at=timezone.now() - timedelta(minutes=30),
    )


def test_acknowledging_records_who_and_when_once(
    alert: Alert, nurse: User, clinic: Organisation
) -> None:
    other = make_staff(clinic, "doc@river.test", "Dee Doc", StaffRole.ORG_ADMIN)
    alerts.acknowledge(alert, nurse)
    first = Alert.objects.get(pk=alert.pk)
    assert first.acknowledged_by == nurse and first.acknowledged_at is not None
    assert first.status == "acknowledged"
    alerts.acknowledge(alert, other)
    again = Alert.objects.get(pk=alert.pk)
    assert (again.acknowledged_by, again.acknowledged_at) == (nurse, first.acknowledged_at)


def test_recording_a_contact_keeps_how_when_outcome_and_who_and_acknowledges(
    alert: Alert, nurse: User
) -> None:
    when = timezone.now() - timedelta(minutes=10)
    contact = alerts.record_contact(alert, nurse, "phone", when, "  Spoke to her; GP today.  ")
    assert AlertContact.objects.get() == contact
    assert (contact.method, contact.contacted_at, contact.outcome, contact.by) == (
        "phone",
        when,
        "Spoke to her; GP today.",
        nurse,
    )
    alert.refresh_from_db()
    assert alert.acknowledged_by == nurse


@pytest.mark.parametrize(
    ("method", "minutes_ago", "outcome", "says"),
    [
        ("pigeon", 5, "Spoke", "Choose how you made contact"),
        ("phone", -60, "Spoke", "in the future"),
        ("phone", 60 * 24, "Spoke", "before the alert was raised"),
        ("phone", 5, "   ", "Say what came of the contact"),
        ("phone", 5, "x" * 2001, "under 2000 characters"),
    ],
)
def test_a_contact_that_cannot_be_right_is_refused_and_nothing_is_saved(
    alert: Alert, nurse: User, method: str, minutes_ago: int, outcome: str, says: str
) -> None:
    when = timezone.now() - timedelta(minutes=minutes_ago)
    with pytest.raises(alerts.AlertError, match=says):
        alerts.record_contact(alert, nurse, method, when, outcome)
    assert not AlertContact.objects.exists()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_resolving_needs_a_note(alert: Alert, nurse: User) -> None:
    with pytest.raises(alerts.AlertError, match="Say how the alert was resolved"):
        alerts.resolve(alert, nurse, "  ")
    alert.refresh_from_db()
    assert alert.resolved_at is None and alert.acknowledged_at is None


def test_resolving_acknowledges_and_records_who_when_and_how(alert: Alert, nurse: User) -> None:
    alerts.resolve(alert, nurse, "Seen by the GP the same day.")
    alert.refresh_from_db()
    assert alert.status == "resolved"
    assert alert.resolved_by == nurse and alert.acknowledged_by == nurse
    assert alert.resolution_note == "Seen by the GP the same day."
    assert alert.acknowledged_at == alert.resolved_at


def test_resolving_keeps_the_first_acknowledgement(
    alert: Alert, nurse: User, clinic: Organisation
) -> None:
    admin = make_staff(clinic, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    alerts.acknowledge(alert, nurse)
    alerts.resolve(alert, admin, "Done.")
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.resolved_by) == (nurse, admin)
    assert alert.acknowledged_at is not None and alert.acknowledged_at <= alert.resolved_at  # type: ignore[operator]


def test_a_resolved_alert_takes_nothing_more(alert: Alert, nurse: User) -> None:
    alerts.resolve(alert, nurse, "Done.")
    for step in (
        lambda: alerts.resolve(alert, nurse, "Again."),
        lambda: alerts.record_contact(alert, nurse, "phone", timezone.now(), "Late call"),
        lambda: alerts.acknowledge(alert, nurse),
    ):
        with pytest.raises(alerts.AlertError, match="was resolved on"):
            step()
    alert.refresh_from_db()
    assert alert.resolution_note == "Done."
    assert not AlertContact.objects.exists()


def test_the_queue_puts_open_first_then_urgent_then_oldest(
    alice: Member, clinic: Organisation, nurse: User
) -> None:
    t = timezone.now() - timedelta(hours=5)

    def make(minutes: int, priority: str, response_id: int) -> Alert:
        return Alert.objects.create(
            organisation=clinic,
            respondent=alice.user,
            response_id=response_id,
            priority=priority,
            created_at=t + timedelta(minutes=minutes),
        )

    done = make(0, "urgent", 1)
    alerts.resolve(done, nurse, "Done.")
    seen = make(10, "urgent", 2)
    alerts.acknowledge(seen, nurse)
    routine_old = make(20, "routine", 3)
    urgent_new = make(40, "urgent", 4)
    urgent_old = make(30, "urgent", 5)
    everything = list(alerts.queue(clinic, alerts.QueueFilters()))
    assert everything == [urgent_old, urgent_new, routine_old, seen, done]
    newest = list(alerts.queue(clinic, alerts.QueueFilters(sort="-created")))
    assert newest == [urgent_new, urgent_old, routine_old, seen, done]
    assert list(alerts.queue(clinic, alerts.QueueFilters(status="open", priority="routine"))) == [
        routine_old
    ]
    assert list(alerts.queue(clinic, alerts.QueueFilters(status="acknowledged"))) == [seen]
    assert list(alerts.queue(clinic, alerts.QueueFilters(status="resolved"))) == [done]


def test_unknown_filter_values_read_as_all() -> None:
    filters = alerts.QueueFilters.from_query(
        {"status": "gone", "priority": "urgent", "kind": "x", "sort": "name; drop"}
    )
    assert filters == alerts.QueueFilters(priority="urgent")
