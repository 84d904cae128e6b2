"""A day of a family's logs that a clinic's caseload and timeline show within consent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.selfcare.models import MoodEntry
from firsttouch.tracking.models import Nappy, Note, Sleep
from firsttouch.wellbeing.models import Response, Status
from tests.cast import Member

NOTE = "Calmer after the evening massage"
SLEEP_NOTE = "Woke at the door bell"


def log_a_day(mother: Member, baby: Baby) -> None:
    """A sleep and a note (free text), a dirty nappy, a massage, her EPDS of 12 yesterday and
    today's mood."""
    now = timezone.now()
    Sleep.objects.create(
        baby=baby, start=now - timedelta(hours=5), end=now - timedelta(hours=3), notes=SLEEP_NOTE
    )
    Nappy.objects.create(baby=baby, time=now - timedelta(hours=2), dirty=True, colour="pale")
    Note.objects.create(baby=baby, time=now - timedelta(hours=1), notes=NOTE)
    MassageSession.objects.create(
        baby=baby,
        started_at=now - timedelta(hours=6),
        ended_at=now - timedelta(hours=5, minutes=45),
    )
    Response.objects.create(
        family=mother.family,
        respondent=mother.user,
        instrument_id="epds",
        instrument_version="1",
        status=Status.COMPLETE,
        completed_at=now - timedelta(days=1),
        total=12,
        band="possible",
    )
    MoodEntry.objects.create(user=mother.user, day=timezone.localdate(), mood=2, note="Tired")
