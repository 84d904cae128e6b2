"""A family with a little of everything logged, for the export and deletion tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.lactation.models import LactationSession
from firsttouch.massage.models import Massager, MassageSession
from firsttouch.selfcare.models import MoodEntry, SelfCareDay, SymptomDay
from firsttouch.tracking.models import Crying, Feed, Growth, Nappy, Note, Sleep
from firsttouch.wellbeing import services as wellbeing
from firsttouch.wellbeing.models import Response
from tests.cast import Member

# Every item at score 1: option index 1 for items 1, 2 and 4, index 2 for the others.
EPDS_ANSWERS = {str(i): 1 if i in {1, 2, 4} else 2 for i in range(1, 11)}


@dataclass
class Logged:
    sleep: Sleep
    growth: Growth
    screening: Response


def fill(
    member: Member, baby: Baby, *, note: str = "Slept after the bath", screening: bool = True
) -> Logged:
    """Log one of each kind for ``baby`` and private records for ``member``."""
    now = timezone.now().replace(microsecond=0)
    user = member.user
    sleep = Sleep.objects.create(
        baby=baby, start=now - timedelta(hours=5), end=now - timedelta(hours=3), created_by=user
    )
    Crying.objects.create(
        baby=baby,
        start=now - timedelta(hours=2, minutes=30),
        end=now - timedelta(hours=2),
        created_by=user,
    )
    Feed.objects.create(
        baby=baby,
        start=now - timedelta(hours=1),
        kind="bottle",
        contents="formula",
        amount_ml=90,
        created_by=user,
    )
    Nappy.objects.create(baby=baby, time=now - timedelta(minutes=50), wet=True)
    growth = Growth.objects.create(
        baby=baby, time=now - timedelta(days=1), weight_g=4870, length_cm=Decimal("55.5")
    )
    Note.objects.create(baby=baby, time=now - timedelta(minutes=10), notes=note)
    massager = Massager.objects.create(
        family=member.family,
        name="Our wand",
        heads=[{"name": "Soft dome"}],
        vibration_levels=["off"],
    )
    MassageSession.objects.create(
        baby=baby,
        started_at=now - timedelta(hours=6),
        ended_at=now - timedelta(hours=5, minutes=45),
        tool="wand",
        massager=massager,
        wand_head="Soft dome",
        vibration="off",
        state_before="fussy",
        state_after="calm",
        created_by=user,
    )
    today = timezone.localdate()
    MoodEntry.objects.create(user=user, day=today, mood=2, note=f"private mood of {user.email}")
    SelfCareDay.objects.create(user=user, day=today, sun=True, sleep_hours=Decimal("5.5"))
    SymptomDay.objects.create(user=user, day=today - timedelta(days=1), anxiety=True)
    LactationSession.objects.create(
        user=user, side="left", started_at=now - timedelta(hours=4), minutes=7
    )
    response = (
        wellbeing.submit(user, member.family, "epds", EPDS_ANSWERS, finish=True)
        if screening
        else Response(pk=None)
    )
    return Logged(sleep, growth, response)


def birth(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
