"""Saving and stopping tracked entries: the one path pages and the API both take."""

from __future__ import annotations

from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from firsttouch.babies.models import Baby

from .models import Entry, IntervalEntry

E = TypeVar("E", bound=Entry)


def save_entry(entry: E) -> E:
    """Validate and save, atomically.

    The baby row is locked first so two devices saving overlapping sleeps at once cannot both
    pass the overlap check (PostgreSQL; SQLite serialises writers already). On any error
    nothing is saved and ``ValidationError`` carries the messages for the user.
    """
    with transaction.atomic():
        Baby.objects.select_for_update().filter(pk=entry.baby_id).first()
        entry.full_clean()
        entry.save()
    return entry


def stop_timer(entry: IntervalEntry) -> IntervalEntry:
    """End a running timer now."""
    if entry.end is None:
        entry.end = timezone.now()
        save_entry(entry)
    return entry
