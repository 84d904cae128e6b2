"""Saving and stopping tracked entries: the one path pages and the API both take."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.core.scoping import scoped

from .models import ENTRY_MODELS, Entry, IntervalEntry

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, User

E = TypeVar("E", bound=Entry)


def save_entry(entry: E) -> E:
    """Validate and save, atomically.

    The baby row is locked first so two devices saving overlapping sleeps at once cannot both
    pass the overlap check (PostgreSQL; SQLite serialises writers already). On any error
    nothing is saved and ``ValidationError`` carries the messages for the user.
    """
    with transaction.atomic():
        locked = (
            Baby.objects.select_for_update()
            .filter(pk=entry.baby_id)
            .values_list("pk", flat=True)
            .first()
        )
        if locked is None:
            raise ValidationError({"baby": ["This baby is no longer in your family."]})
        # The lock just proved the baby exists, and whoever logs it is the signed-in user:
        # full_clean need not query for either again (two queries inside the write lock).
        entry.full_clean(exclude=_known_related(entry))
        entry.save()
    return entry


def _known_related(entry: Entry) -> set[str]:
    known = {"baby"}
    author = entry._meta.get_field("created_by")
    if entry.created_by_id is not None and author.is_cached(entry):
        known.add("created_by")
    return known


def stop_timer(entry: IntervalEntry) -> IntervalEntry:
    """End a running timer now."""
    if entry.end is None:
        entry.end = timezone.now()
        save_entry(entry)
    return entry


INTERVAL_MODELS: tuple[type[IntervalEntry], ...] = tuple(
    model for model in ENTRY_MODELS.values() if issubclass(model, IntervalEntry)
)
INTERVAL_KINDS: tuple[str, ...] = tuple(model.KIND for model in INTERVAL_MODELS)


def start_timer(kind: str, baby: Baby, user: User | None, /, **fields: Any) -> IntervalEntry:
    """Start a timer now (end empty). Raises ``ValidationError`` if one is already running.

    Positional-only arguments leave ``kind`` free as a field name (a feed's kind).
    """
    model = ENTRY_MODELS[kind]
    if not issubclass(model, IntervalEntry):
        raise ValueError(f"{kind} has no timer")
    entry = model(baby=baby, created_by=user, start=timezone.now(), end=None, **fields)
    return save_entry(entry)


def running_timers(baby: Baby) -> list[IntervalEntry]:
    """Every running timer of the baby, oldest first: one query per interval kind."""
    running: list[IntervalEntry] = []
    for model in INTERVAL_MODELS:
        running.extend(model.objects.filter(baby=baby, end__isnull=True))
    return sorted(running, key=lambda e: e.start)


def delete_entry(entry: Entry) -> dict[str, Any]:
    """Delete and return the row as JSON-ready data, so the page can offer to undo.

    Django's JSON serialiser rounds times to milliseconds; this keeps them exact, so a
    restored entry is the same entry.
    """
    data: dict[str, Any] = {"model": entry._meta.label, "fields": {}}
    for field in entry._meta.concrete_fields:
        value = field.value_from_object(entry)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data["fields"][field.attname] = value
    entry.delete()
    return data


def restore_entry(data: dict[str, Any], family: Family) -> Entry:
    """Put back a just-deleted entry, through the usual rules.

    The data comes from the session, but the model must be an entry kind and the baby must
    be the family's, so a tampered session cannot write elsewhere.
    """
    models = {m._meta.label: m for m in ENTRY_MODELS.values()}
    model = models.get(str(data.get("model")))
    fields = data.get("fields")
    if model is None or not isinstance(fields, dict):
        raise ValidationError("There is nothing to undo.")
    values = {
        f.attname: f.to_python(fields[f.attname])
        for f in model._meta.concrete_fields
        if f.attname in fields
    }
    baby_id = values.get("baby_id")
    if baby_id is None or not scoped(Baby, family).filter(pk=baby_id).exists():
        raise ValidationError("There is nothing to undo.")
    return save_entry(model(**values))
