"""Short, human sentences for an entry: the same words in lists, timelines and messages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.text import Truncator

from . import services
from .models import (
    ILLNESS_SIGNS,
    TEETHING_SIGNS,
    Entry,
    Feed,
    FeedKind,
    GasEpisode,
    Growth,
    IllnessCheck,
    IntervalEntry,
    Nappy,
    Note,
    TeethingSign,
)

if TYPE_CHECKING:
    from firsttouch.babies.models import Baby

_SIGN_LABELS = dict(TEETHING_SIGNS)
_ILLNESS_LABELS = dict(ILLNESS_SIGNS)

# Shown on buttons, headings and lists; the order is the order of the quick-log page.
KIND_LABELS: dict[str, str] = {
    "sleep": "Sleep",
    "crying": "Crying or fussing",
    "feed": "Feed",
    "nappy": "Nappy",
    "gas": "Gas or discomfort",
    "teething": "Teething",
    "growth": "Weight and length",
    "illness": "Temperature and signs of illness",
    "note": "Note",
}


def format_duration(delta: timedelta) -> str:
    """ "1 h 05 min", "12 min", "under a minute": readable at a glance, at night."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


def entry_time(entry: Entry) -> datetime:
    """The moment an entry is listed at: its start, or its time."""
    if isinstance(entry, IntervalEntry):
        return entry.start
    return entry.time  # type: ignore[attr-defined]


def summarize(entry: Entry) -> str:
    """What happened, without the time (the caller shows the time in its own format)."""
    parts: list[str] = [_details(entry)]
    if isinstance(entry, IntervalEntry):
        if entry.end is None:
            parts.append("running")
        else:
            parts.append(format_duration(entry.end - entry.start))
    if entry.notes and not isinstance(entry, Note):
        parts.append(f"“{Truncator(entry.notes).chars(60)}”")
    return ", ".join(p for p in parts if p)


def _details(entry: Entry) -> str:
    if isinstance(entry, Feed):
        return _feed(entry)
    if isinstance(entry, Nappy):
        return _nappy(entry)
    if isinstance(entry, GasEpisode):
        text = f"{entry.get_severity_display()} discomfort"
        return f"{text}, eased by {entry.relieved_by}" if entry.relieved_by else text
    if isinstance(entry, TeethingSign):
        return "Teething: " + ", ".join(_SIGN_LABELS.get(s, s).lower() for s in entry.signs)
    if isinstance(entry, Growth):
        return _growth(entry)
    if isinstance(entry, IllnessCheck):
        return _illness(entry)
    if isinstance(entry, Note):
        return Truncator(entry.notes).chars(80)
    if hasattr(entry, "get_intensity_display"):
        return str(entry.get_intensity_display())
    return str(entry._meta.verbose_name).capitalize()


def _feed(feed: Feed) -> str:
    if feed.kind == FeedKind.BREAST:
        text = f"Breastfeed, {feed.get_side_display().lower() or 'side not set'}"
        sides = [
            f"{name} {format_duration(timedelta(seconds=seconds))}"
            for name, seconds in (("left", feed.left_seconds), ("right", feed.right_seconds))
            if seconds
        ]
        return f"{text} ({', '.join(sides)})" if sides else text
    if feed.kind == FeedKind.BOTTLE:
        text = "Bottle"
        if feed.amount_ml:
            text += f" {feed.amount_ml} ml"
        if feed.contents:
            text += f" of {feed.get_contents_display().lower()}"
        return text
    return f"Solids: {feed.food}" if feed.food else "Solids"


def _nappy(nappy: Nappy) -> str:
    what = " and ".join(w for w, on in (("wet", nappy.wet), ("dirty", nappy.dirty)) if on)
    text = f"Nappy: {what or 'empty'}"
    details = [d for d in (nappy.get_consistency_display(), nappy.get_colour_display()) if d]
    if details:
        text += f" ({', '.join(d.lower() for d in details)})"
    return text


def _illness(check: IllnessCheck) -> str:
    parts = []
    if check.temperature_c is not None:
        parts.append(f"{check.temperature_c} °C")
    parts.extend(_ILLNESS_LABELS.get(s, s).lower() for s in check.signs)
    return "Temperature and signs: " + ", ".join(parts)


def _growth(growth: Growth) -> str:
    parts = []
    if growth.weight_g:
        parts.append(f"weight {growth.weight_g / 1000:.2f} kg")
    if growth.length_cm:
        parts.append(f"length {growth.length_cm} cm")
    if growth.head_cm:
        parts.append(f"head circumference {growth.head_cm} cm")
    return ", ".join(parts).capitalize()


def timer_rows(baby: Baby) -> list[dict[str, Any]]:
    """The baby's running timers, ready for ``tracking/_timers.html`` (home and log pages)."""
    now = timezone.now()
    return [
        {
            "entry": e,
            "kind": e.KIND,
            "label": KIND_LABELS[e.KIND],
            "summary": summarize(e),
            "elapsed": format_duration(now - e.start),
            "switch_to": services.switch_target(e),
        }
        for e in services.running_timers(baby)
    ]
