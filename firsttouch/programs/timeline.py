"""A family's timeline for staff: everything it shares, newest first, and nothing else.

Each source is read only when its category is consented (a source outside consent is never
queried): massage sessions, the baby's logs (with their red flags as warnings), notes, and
each caregiver's own screenings and mood, only for a caregiver whose own consent includes
them. Free text (an entry's notes, a mood note) is the "notes" category: without it the text
is left out of every other entry. A mood note is hers, so it needs her own "notes" consent.

Paging merges the sources: page ``n`` reads at most ``n * PAGE_SIZE + 1`` rows from each
source, newest first, and cuts the merged list. Deep pages cost more, but staff read the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, gettext_lazy

from firsttouch.accounts.models import Family, User
from firsttouch.core.scoping import scoped
from firsttouch.core.warnings import SafetyWarning
from firsttouch.massage.models import MassageSession
from firsttouch.selfcare.models import MoodEntry
from firsttouch.tracking.models import ENTRY_MODELS, Entry, IntervalEntry, Note
from firsttouch.tracking.red_flags import warnings_for
from firsttouch.wellbeing.models import Response, Status

from . import audit
from .consent import consented_categories
from .models import ConsentCategory, Organisation, StaffMembership

PAGE_SIZE = 50
MASSAGE = ConsentCategory.MASSAGE_SESSIONS.value
LOGS = ConsentCategory.BABY_LOGS.value
SCREENINGS = ConsentCategory.SCREENINGS_MOOD.value
NOTES = ConsentCategory.NOTES.value


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    category: str
    title: str
    detail: str = ""
    notes: str = ""
    warnings: list[SafetyWarning] = field(default_factory=list)
    who: str = ""


@dataclass
class Timeline:
    family: Family
    categories: set[str]
    items: list[TimelineItem]
    page: int
    has_older: bool


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _minutes(start: datetime, end: datetime | None) -> str:
    if end is None:
        return gettext("still running")
    return gettext("%(minutes)s min") % {"minutes": int((end - start).total_seconds() // 60)}


def _entry_detail(entry: Entry) -> str:
    """A short plain reading of a log entry's own fields (never its notes)."""
    parts: list[str] = []
    if isinstance(entry, IntervalEntry):
        parts.append(_minutes(entry.start, entry.end))
    for name in ("kind", "side", "contents", "intensity", "severity", "consistency", "colour"):
        value = getattr(entry, f"get_{name}_display", None)
        if value is not None and value():
            parts.append(str(value()).lower())
    amount = getattr(entry, "amount_ml", None)
    if amount:
        parts.append(f"{amount} ml")
    for flag, word in (("wet", gettext_lazy("wet")), ("dirty", gettext_lazy("dirty"))):
        if getattr(entry, flag, False):
            parts.append(str(word))
    for name, unit in (("weight_g", "g"), ("length_cm", "cm"), ("temperature_c", "°C")):
        value = getattr(entry, name, None)
        if value is not None:
            parts.append(f"{value} {unit}")
    signs = getattr(entry, "signs", None)
    if isinstance(signs, list) and signs:
        parts.append(", ".join(str(s).replace("_", " ") for s in signs))
    return "; ".join(parts)


def _newest(rows: Any, order: str, limit: int) -> list[Any]:
    return list(rows.order_by(f"-{order}", "-pk")[:limit])


def _massage(family: Family, notes: bool, limit: int) -> list[TimelineItem]:
    sessions = scoped(MassageSession, family).select_related("baby")
    return [
        TimelineItem(
            at=s.started_at,
            category=MASSAGE,
            title=gettext("Massage session (%(baby)s)") % {"baby": s.baby.name},
            detail=(
                gettext("%(duration)s; ended early")
                % {"duration": _minutes(s.started_at, s.ended_at)}
                if s.ended_early
                else _minutes(s.started_at, s.ended_at)
            ),
            notes=s.notes if notes else "",
        )
        for s in _newest(sessions, "started_at", limit)
    ]


def _logs(family: Family, categories: set[str], limit: int) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    for model in ENTRY_MODELS.values():
        is_note = model is Note
        if (is_note and NOTES not in categories) or (not is_note and LOGS not in categories):
            continue
        order = "start" if issubclass(model, IntervalEntry) else "time"
        for entry in _newest(scoped(model, family).select_related("baby"), order, limit):
            title = gettext("%(kind)s (%(baby)s)") % {
                "kind": str(model._meta.verbose_name).capitalize(),
                "baby": entry.baby.name,
            }
            items.append(
                TimelineItem(
                    at=getattr(entry, order),
                    category=NOTES if is_note else LOGS,
                    title=title,
                    detail=entry.notes if is_note else _entry_detail(entry),
                    notes="" if is_note or NOTES not in categories else entry.notes,
                    warnings=[] if is_note else warnings_for(entry),
                )
            )
    return items


def _own(organisation: Organisation, family: Family, limit: int) -> list[TimelineItem]:
    """Screenings and mood of each caregiver whose own consent includes them."""
    items: list[TimelineItem] = []
    for caregiver in User.objects.filter(membership__family=family).order_by("pk"):
        hers = consented_categories(organisation, caregiver)
        if SCREENINGS not in hers:
            continue
        who = _name(caregiver)
        done = Response.objects.filter(respondent=caregiver, status=Status.COMPLETE)
        for response in _newest(done, "completed_at", limit):
            score = gettext("score %(total)s") % {"total": response.total}
            items.append(
                TimelineItem(
                    at=response.completed_at,
                    category=SCREENINGS,
                    title=gettext("%(instrument)s screening")
                    % {"instrument": response.instrument_id.upper()},
                    detail=f"{score}, {response.band}" if response.band else score,
                    who=who,
                )
            )
        for mood in _newest(MoodEntry.objects.filter(user=caregiver), "day", limit):
            items.append(
                TimelineItem(
                    at=datetime.combine(mood.day, time(12), tzinfo=ZoneInfo(family.time_zone)),
                    category=SCREENINGS,
                    title=gettext("Mood"),
                    detail=str(mood.get_mood_display()),
                    notes=mood.note if NOTES in hers else "",
                    who=who,
                )
            )
    return items


def timeline(organisation: Organisation, family: Family, page: int = 1) -> Timeline:
    """The ``page``-th 50 items of what ``family`` shares with ``organisation``, newest first.

    Empty ``categories`` means no consent: the caller answers 404 and reads nothing.
    """
    page = max(1, page)
    categories = consented_categories(organisation, family)
    if not categories:
        return Timeline(family, categories, [], page, has_older=False)
    limit = page * PAGE_SIZE + 1
    items: list[TimelineItem] = []
    if MASSAGE in categories:
        items += _massage(family, NOTES in categories, limit)
    if categories & {LOGS, NOTES}:
        items += _logs(family, categories, limit)
    if SCREENINGS in categories:
        items += _own(organisation, family, limit)
    items.sort(key=lambda i: i.at, reverse=True)
    start = (page - 1) * PAGE_SIZE
    shown = list(islice(items, start, start + PAGE_SIZE))
    return Timeline(family, categories, shown, page, has_older=len(items) > start + PAGE_SIZE)


def read_timeline(
    membership: StaffMembership, staff: User, family_id: int, page: int = 1, why: str = ""
) -> Timeline | None:
    """A staff member's read of a family's timeline, for the page and the API alike.

    None (the caller's 404, which confirms nothing) for a role that sees no family, a family
    that does not exist, or one that shares nothing with the organisation; otherwise exactly
    one access-log row, with the reason the link gave (``why``, e.g. "alert #12") or the
    page's own.
    """
    organisation = membership.organisation
    found = Family.objects.filter(pk=family_id).first() if membership.sees_families else None
    if found is None:
        return None
    shown = timeline(organisation, found, page)
    if not shown.categories:
        return None
    audit.record_access(
        staff=staff,
        organisation=organisation,
        family=found,
        categories=shown.categories,
        what=f"family timeline #{found.pk} page {shown.page}",
        why=why[:100] or "family timeline",
    )
    return shown
