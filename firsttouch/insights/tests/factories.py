"""Synthetic history built with bulk_create: a year of data in a fraction of a second."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Crying, Sleep


def local(day: date, at: time, tz: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def build_history(
    baby: Baby,
    tz: str,
    first: date,
    days: int,
    *,
    effect_minutes: float,
    seed: int = 7,
    massage_every: int = 2,
    routine: str = "bedtime-wind-down",
    crying_minutes: float = 60,
    noise: float = 30,
) -> set[date]:
    """Nights from 19:45 local with naps and crying; massages on every other evening.

    Massage nights get ``effect_minutes`` more night sleep (the baby wakes later). Returns
    the massage days.
    """
    rng = random.Random(seed)
    sleeps: list[Sleep] = []
    cries: list[Crying] = []
    sessions: list[MassageSession] = []
    massage_days: set[date] = set()
    for n in range(days):
        day = first + timedelta(days=n)
        massaged = n % massage_every == 0
        onset = local(day, time(19, 45), tz)
        if massaged:
            massage_days.add(day)
            sessions.append(
                MassageSession(
                    baby=baby,
                    routine_slug=routine,
                    started_at=onset - timedelta(minutes=25),
                    ended_at=onset - timedelta(minutes=10),
                )
            )
        length = 540 + rng.gauss(0, noise) + (effect_minutes if massaged else 0)
        first_part = length / 2
        sleeps.append(Sleep(baby=baby, start=onset, end=onset + timedelta(minutes=first_part)))
        resume = onset + timedelta(minutes=first_part + 20)
        sleeps.append(
            Sleep(baby=baby, start=resume, end=resume + timedelta(minutes=length - first_part))
        )
        nap = local(day, time(13, 0), tz)
        sleeps.append(Sleep(baby=baby, start=nap, end=nap + timedelta(minutes=90)))
        cry = local(day, time(17, 0), tz)
        cries.append(Crying(baby=baby, start=cry, end=cry + timedelta(minutes=crying_minutes)))
    Sleep.objects.bulk_create(sleeps)
    Crying.objects.bulk_create(cries)
    MassageSession.objects.bulk_create(sessions)
    return massage_days
