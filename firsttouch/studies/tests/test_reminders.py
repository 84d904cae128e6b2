"""Study reminders go out once: to a participant when a window opens (once per time point),
and to the study team when assessments are overdue (once per study and day)."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Organisation, StaffRole
from firsttouch.studies import followup, services, tasks
from firsttouch.studies.models import Participant, StaffDigest, Study, WindowReminder
from tests.cast import Member
from tests.staff import make_staff

from .helpers import ELIGIBLE, make_organisation, make_recruiting_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def study(org: Organisation) -> Study:
    return make_recruiting_study(org)


@pytest.fixture
def participant(study: Study, alice: Member, org: Organisation) -> Participant:
    give_consent(alice.user, org, {"notes"})
    return services.enrol_caregiver(study, alice.user, ELIGIBLE, {"parity": "first baby"}, "1")


def test_a_participant_is_reminded_once_per_open_window(
    participant: Participant, alice: Member
) -> None:
    today = timezone.localdate()
    assert tasks.remind_participants(today) == 1
    assert tasks.remind_participants(today) == 0
    assert [m.to for m in mail.outbox] == [[alice.user.email]]
    assert "Baseline" in mail.outbox[0].subject
    assert participant.arm.name not in mail.outbox[0].body  # no arm in an e-mail
    # Week 4's window opens on day 21: one more, once.
    assert tasks.remind_participants(today + timedelta(days=21)) == 1
    assert tasks.remind_participants(today + timedelta(days=22)) == 0
    assert WindowReminder.objects.count() == 2


def test_nobody_is_reminded_of_a_done_assessment_or_after_withdrawal(
    participant: Participant,
) -> None:
    today = timezone.localdate()
    followup.record_assessment(participant, "baseline", "epds", today)
    assert tasks.remind_participants(today) == 0
    services.withdraw(participant, True)
    assert tasks.remind_participants(today + timedelta(days=21)) == 0
    assert not mail.outbox


def test_a_failed_send_is_tried_again_next_sweep(participant: Participant) -> None:
    today = timezone.localdate()
    with mock.patch.object(tasks, "send_mail", side_effect=OSError("mail server down")):
        assert tasks.remind_participants(today) == 0
    assert not WindowReminder.objects.exists()
    assert tasks.remind_participants(today) == 1


def test_the_team_gets_one_digest_of_overdue_codes_a_day(
    participant: Participant, org: Organisation, study: Study
) -> None:
    make_staff(org, "rae@lab.test", "Rae Lab", StaffRole.RESEARCHER)
    make_staff(org, "nia@lab.test", "Nia Nurse", StaffRole.CLINICIAN)
    today = timezone.localdate()
    assert tasks.digest_overdue(today) == 0  # baseline is due today, not overdue
    later = today + timedelta(days=2)
    assert tasks.digest_overdue(later) == 1
    assert tasks.digest_overdue(later) == 0
    (digest,) = mail.outbox
    assert digest.to == ["rae@lab.test"]
    assert participant.code in digest.body and "Baseline" in digest.body
    assert participant.caregiver is not None and participant.caregiver.email not in digest.body
    assert tasks.digest_overdue(later + timedelta(days=1)) == 1
    assert StaffDigest.objects.filter(study=study).count() == 2
