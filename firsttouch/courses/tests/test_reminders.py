"""The reminder before each class goes out once per session and enrolment, and only then."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from firsttouch.courses import services, tasks
from firsttouch.courses.models import ClassReminder, Course, CourseSession
from firsttouch.programs.consent import give_consent
from firsttouch.reminders.models import ReminderSettings
from tests.cast import Member


@pytest.fixture
def enrolled(course: Course, alice: Member, dan: Member) -> Course:
    give_consent(alice.user, course.organisation, {"notes"})
    services.enrol(course, alice.family)
    return course


def add_session(course: Course, hours_ahead: float, **fields: str) -> CourseSession:
    start = timezone.now() + timedelta(hours=hours_ahead)
    return CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=1), **fields
    )


def test_a_class_in_the_next_day_is_e_mailed_to_each_caregiver_once(enrolled: Course) -> None:
    add_session(enrolled, 5, place="Room 2", online_link="https://meet.example/abc")
    assert tasks.send_due() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "dan@example.com"]
    body = mail.outbox[0].body
    assert "Room 2" in body and "https://meet.example/abc" in body
    assert tasks.send_due() == 0  # the next sweep finds the record
    assert len(mail.outbox) == 2
    assert ClassReminder.objects.count() == 1


def test_classes_further_ahead_or_past_are_not_reminded(enrolled: Course) -> None:
    add_session(enrolled, 25, place="Room 2")
    add_session(enrolled, -1, place="Room 2")
    assert tasks.send_due() == 0
    assert mail.outbox == []


def test_a_family_that_left_hears_nothing(enrolled: Course, alice: Member) -> None:
    services.leave(enrolled.enrolments.get())
    add_session(enrolled, 5, place="Room 2")
    assert tasks.send_due() == 0
    assert mail.outbox == []


def test_a_caregiver_who_turned_e_mail_off_is_left_out(enrolled: Course, dan: Member) -> None:
    ReminderSettings.objects.create(user=dan.user, email_enabled=False)
    add_session(enrolled, 5, place="Room 2")
    tasks.send_due()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_a_failed_send_is_rolled_back_and_retried(
    enrolled: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = add_session(enrolled, 5, place="Room 2")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    assert tasks.send_due() == 0
    assert not ClassReminder.objects.filter(session=session).exists()
    monkeypatch.undo()
    assert tasks.send_due() == 1


def test_the_database_refuses_a_second_record(enrolled: Course) -> None:
    session = add_session(enrolled, 5, place="Room 2")
    enrolment = enrolled.enrolments.get()
    ClassReminder.objects.create(session=session, enrolment=enrolment)
    with pytest.raises(IntegrityError):
        ClassReminder.objects.create(session=session, enrolment=enrolment)


def test_a_racing_second_delivery_sends_nothing(enrolled: Course) -> None:
    session = add_session(enrolled, 5, place="Room 2")
    enrolment = enrolled.enrolments.get()
    assert tasks.deliver_once(session, enrolment) is True
    assert tasks.deliver_once(session, enrolment) is False  # another worker got there first
    assert len(mail.outbox) == 2  # Alice and Dan, once each


def test_each_caregiver_reads_the_reminder_in_their_own_language(
    enrolled: Course, alice: Member
) -> None:
    alice.user.language = "fr"
    alice.user.save(update_fields=["language"])
    add_session(enrolled, 5, place="Salle 2")
    assert tasks.send_due() == 1
    by_address = {m.to[0]: m for m in mail.outbox}
    french, english = by_address["alice@example.com"], by_address["dan@example.com"]
    assert french.subject.startswith("[firsttouch] Rappel de cours :")
    assert "Où : Salle 2" in french.body and "Bonjour Alice," in french.body
    assert english.subject.startswith("[firsttouch] Class reminder:")
    assert "Where: Salle 2" in english.body
