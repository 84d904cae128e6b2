"""Entries for tests, saved without the rules so a test can set up any history it needs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.tracking.models import Crying, Feed, Nappy, Note, Sleep


def ago(**kwargs: float) -> datetime:
    return timezone.now() - timedelta(**kwargs)


def sleep(baby: Baby, start: datetime, end: datetime | None, **extra: Any) -> Sleep:
    return Sleep.objects.create(baby=baby, start=start, end=end, **extra)


def crying(baby: Baby, start: datetime, end: datetime | None, **extra: Any) -> Crying:
    return Crying.objects.create(baby=baby, start=start, end=end, **extra)


def feed(baby: Baby, start: datetime, end: datetime | None, **extra: Any) -> Feed:
    extra.setdefault("side", "left")
    return Feed.objects.create(baby=baby, start=start, end=end, **extra)


def nappy(
    baby: Baby, time: datetime, *, wet: bool = True, dirty: bool = False, **extra: Any
) -> Nappy:
    return Nappy.objects.create(baby=baby, time=time, wet=wet, dirty=dirty, **extra)


def note(baby: Baby, time: datetime, text: str = "A good day") -> Note:
    return Note.objects.create(baby=baby, time=time, notes=text)
