"""Study reminders: to a participant when a time point's window opens, and a daily digest of
overdue assessments to the study team.

Both record before they send, in the sending transaction, under a unique constraint
(``WindowReminder``: participant and time point; ``StaffDigest``: study and day): a second
worker or a retry finds the row and sends nothing; a failed send rolls the row back, so the
next sweep tries again. No e-mail names a score or an arm; the digest names codes only.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from firsttouch.programs.models import StaffMembership, StaffRole

from . import followup, instruments, schedule
from .models import Participant, StaffDigest, Study, StudyStatus, WindowReminder

logger = logging.getLogger(__name__)

FOLLOWED = [StudyStatus.RECRUITING, StudyStatus.CLOSED]


def _window_mail(participant: Participant, point: schedule.TimePoint) -> tuple[str, str]:
    anchor = followup.anchor_of(participant)
    caregiver = participant.caregiver
    assert caregiver is not None
    body = "\n".join(
        [
            f"Hello {caregiver.first_name or 'there'},",
            "",
            f"It is time for the {point.label} questionnaires of the study "
            f"{participant.study.title}, until {point.closes(anchor):%A %d %B}.",
            "",
            f"Open firsttouch: {settings.SITE_URL}{reverse('studies:studies')}",
            "You can stop taking part at any time: tell the study team.",
        ]
    )
    return f"[firsttouch] {participant.study.title}: {point.label}", body


def remind_participants(today: date | None = None) -> int:
    """E-mail each active participant once per time point whose window is open with a
    questionnaire she has not done."""
    today = today or timezone.localdate()
    people = (
        Participant.objects.filter(
            study__status__in=FOLLOWED, withdrawn_at=None, caregiver__is_active=True
        )
        .exclude(caregiver__email="")
        .select_related("study", "caregiver")
        .prefetch_related("assessments")
    )
    sent = 0
    for participant in people:
        # Time points with a questionnaire for her (one listing only the baby's logs, which
        # are summarised without her, asks nothing).
        asked = followup.open_questionnaires(participant, today)
        for point in dict.fromkeys(q.point for q in asked):
            try:
                with transaction.atomic():
                    WindowReminder.objects.create(participant=participant, time_point=point.key)
                    subject, body = _window_mail(participant, point)
                    send_mail(subject, body, None, [participant.caregiver.email])  # type: ignore[union-attr]
                sent += 1
            except IntegrityError:
                continue  # already reminded for this time point
            except Exception:
                logger.exception(
                    "Could not e-mail participant %s about %s", participant.pk, point.key
                )
    return sent


def _team(study: Study) -> list[str]:
    if study.organisation_id is None:
        return []
    return sorted(
        StaffMembership.objects.active()
        .filter(
            organisation_id=study.organisation_id,
            role__in=[StaffRole.RESEARCHER, StaffRole.ORG_ADMIN],
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def digest_overdue(today: date | None = None) -> int:
    """One e-mail per study and day to its team, when any assessment is overdue."""
    today = today or timezone.localdate()
    sent = 0
    for study in Study.objects.filter(status__in=FOLLOWED).exclude(schedule=[]):
        rows = [row for row in followup.completeness(study, today) if row.overdue]
        team = _team(study)
        if not rows or not team:
            continue
        lines = [f"Overdue assessments in {study.title} on {today:%d %B %Y}:", ""]
        lines += [f"- {row.point.label}: {', '.join(row.overdue)}" for row in rows]
        link = reverse(
            "studies_staff:completeness",
            kwargs={"org_id": study.organisation_id, "study_id": study.pk},
        )
        lines += ["", f"Completeness: {settings.SITE_URL}{link}"]
        try:
            with transaction.atomic():
                StaffDigest.objects.create(study=study, day=today)
                send_mail(f"[firsttouch] Overdue: {study.title}", "\n".join(lines), None, team)
            sent += 1
        except IntegrityError:
            continue
        except Exception:
            logger.exception("Could not e-mail the overdue digest of study %s", study.pk)
    return sent


@task(priority=10)
def summarise_baby_logs() -> int:
    """Queue entry point (``firsttouch worker``'s sweep): the baby's logs summarised for each
    time point whose target day has passed (``instruments.record_baby_logs``). Its priority
    runs it before the study reminders queued in the same sweep, so the day's overdue digest
    does not list a summary that was only waiting for it."""
    return instruments.record_baby_logs()


@task()
def send_study_reminders() -> int:
    """Queue entry point (``firsttouch worker``'s sweep): how many e-mails went out."""
    return remind_participants() + digest_overdue()
