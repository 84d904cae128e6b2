"""Saving and stopping tracked entries: the one path pages and the API both take."""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from firsttouch.babies.models import Baby
from firsttouch.core.scoping import scoped

from .models import ENTRY_MODELS, BreastSide, Entry, Feed, FeedKind, IntervalEntry, Nappy

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, User

E = TypeVar("E", bound=Entry)

log = logging.getLogger(__name__)


def save_entry(entry: E, *, announce: bool = True) -> E:
    """Validate and save, atomically.

    An entry whose checks read its siblings (an interval: the running timer, the overlaps)
    first locks the baby row, so two devices saving overlapping sleeps at once cannot both pass
    the overlap check (PostgreSQL; SQLite serialises writers already). A point entry is checked
    against itself and its baby only: saved in a transaction of its own, its write is the
    INSERT alone, and a baby deleted meanwhile fails the foreign key at the commit. Inside a
    caller's transaction (an import step) that check would wait for the caller's commit, so
    there the baby is locked as for an interval. On any error nothing is saved and
    ``ValidationError`` carries the messages for the user.

    A saved entry that raises a red flag is announced (``signals.red_flags_raised``) in the
    same transaction, so organisations the family shares its logs with queue an alert with it.
    An import passes ``announce=False``: historical rows raise no alerts.
    """
    lock_baby = entry.CHECKS_SIBLINGS or transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic():
            if lock_baby and not _lock(entry):
                raise _baby_gone()
            # The caller found the baby in the family (and the lock, if taken, proved it is
            # still there); whoever logs it is the signed-in user: full_clean need not query
            # for either again.
            entry.full_clean(exclude=_known_related(entry))
            entry.save()
            if announce:
                _announce_red_flags(entry)
    except IntegrityError as exc:
        if lock_baby or Baby.objects.filter(pk=entry.baby_id).exists():
            raise
        raise _baby_gone() from exc
    return entry


def _announce_red_flags(entry: Entry) -> None:
    """Tell listeners (organisations' alert queues) about the entry's red flags, in a savepoint.

    The parent's own warning never depends on this: a listener that fails is logged at ERROR
    with the entry, and the entry stays saved with its warning shown.
    """
    from .red_flags import warnings_for
    from .signals import red_flags_raised

    codes = [w.code for w in warnings_for(entry)]
    if not codes:
        return
    try:
        with transaction.atomic():
            red_flags_raised.send(sender=type(entry), entry=entry, codes=codes)
    except Exception:
        log.exception(
            "Red flags %s of %s %s could not be queued for the organisations",
            codes,
            entry.KIND,
            entry.pk,
        )


def _lock(entry: Entry) -> bool:
    """Lock the entry's baby's row until the transaction ends; False if it is gone."""
    locked = Baby.objects.select_for_update().filter(pk=entry.baby_id).values_list("pk", flat=True)
    return locked.first() is not None


def _baby_gone() -> ValidationError:
    return ValidationError({"baby": [gettext("This baby is no longer in your family.")]})


def _known_related(entry: Entry) -> set[str]:
    known = {"baby"}
    author = entry._meta.get_field("created_by")
    if entry.created_by_id is not None and author.is_cached(entry):
        known.add("created_by")
    return known


def stop_timer(entry: IntervalEntry, now: datetime | None = None) -> IntervalEntry:
    """End a running timer now; a timed breastfeed also closes the side it is on."""
    if entry.end is None:
        entry.end = now or timezone.now()
        if isinstance(entry, Feed) and current_side(entry):
            _close_side(entry, entry.end)
            entry.side_since = None
        save_entry(entry)
    return entry


# The one-tap nappy buttons: what each tap means (wet, dirty).
NAPPY_TAPS: dict[str, tuple[bool, bool]] = {
    "wet": (True, False),
    "dirty": (False, True),
    "both": (True, True),
}


def log_nappy(baby: Baby, user: User | None, what: str) -> Nappy:
    """A nappy changed just now, in one tap; the stool details can be added afterwards.

    ``what`` is "wet", "dirty" or "both"; anything else is a ``ValidationError``.
    """
    if what not in NAPPY_TAPS:
        raise ValidationError(gettext("Choose wet, dirty or both."))
    wet, dirty = NAPPY_TAPS[what]
    return save_entry(Nappy(baby=baby, created_by=user, time=timezone.now(), wet=wet, dirty=dirty))


def current_side(feed: Feed) -> str:
    """The breast a timed breastfeed is on (or ended on); "" when no single side is known."""
    if feed.kind != FeedKind.BREAST:
        return ""
    if feed.last_side:
        return feed.last_side
    return feed.side if feed.side in (BreastSide.LEFT, BreastSide.RIGHT) else ""


def switch_target(entry: Entry) -> str:
    """The breast a running breastfeed would switch to; "" for any other timer."""
    if not isinstance(entry, Feed) or entry.end is not None:
        return ""
    side = current_side(entry)
    if not side:
        return ""
    return BreastSide.RIGHT if side == BreastSide.LEFT else BreastSide.LEFT


def _close_side(feed: Feed, until: datetime) -> None:
    """Add the time since the current side began to that side's seconds."""
    side = current_side(feed)
    since = feed.side_since or feed.start
    seconds = max(0, int((until - since).total_seconds()))
    field = "left_seconds" if side == BreastSide.LEFT else "right_seconds"
    setattr(feed, field, (getattr(feed, field) or 0) + seconds)
    feed.last_side = side


def switch_side(feed: Feed, now: datetime | None = None) -> Feed:
    """Move a running breastfeed to the other breast, keeping its one timer running.

    The time on the side just left is added to that side's seconds; the feed then counts as
    both sides. Raises ``ValidationError`` for a stopped feed or one with no side to switch
    from, and changes nothing.
    """
    if feed.end is not None:
        raise ValidationError(gettext("This feed has already stopped."))
    side = current_side(feed)
    if not side:
        raise ValidationError(gettext("Only a breastfeed timed on one side can switch sides."))
    now = now or timezone.now()
    _close_side(feed, now)
    feed.last_side = BreastSide.RIGHT if side == BreastSide.LEFT else BreastSide.LEFT
    feed.side_since = now
    feed.side = BreastSide.BOTH
    return save_entry(feed)


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


def undo_save(model: type[Entry], pk: int, family: Family) -> Entry:
    """Delete an entry just logged by mistake: exactly that row, and only the family's own.

    Raises ``Entry.DoesNotExist`` for another family's entry or one already gone, so the
    caller answers as for any entry it cannot see.
    """
    entry = scoped(model, family).get(pk=pk)
    entry.delete()
    return entry


def restore_entry(data: dict[str, Any], family: Family) -> Entry:
    """Put back a just-deleted entry, through the usual rules.

    The data comes from the session, but the model must be an entry kind and the baby must
    be the family's, so a tampered session cannot write elsewhere.
    """
    models = {m._meta.label: m for m in ENTRY_MODELS.values()}
    model = models.get(str(data.get("model")))
    fields = data.get("fields")
    if model is None or not isinstance(fields, dict):
        raise ValidationError(gettext("There is nothing to undo."))
    values = {
        f.attname: f.to_python(fields[f.attname])
        for f in model._meta.concrete_fields
        if f.attname in fields
    }
    baby_id = values.get("baby_id")
    if baby_id is None or not scoped(Baby, family).filter(pk=baby_id).exists():
        raise ValidationError(gettext("There is nothing to undo."))
    return save_entry(model(**values))
