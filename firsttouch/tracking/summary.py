"""Short, human sentences for an entry: the same words in lists, timelines and messages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.core import units

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
# Lazy: each is translated when shown, in the language of that request (typed as the str
# it becomes).
KIND_LABELS: dict[str, str] = {
    kind: cast(str, label)
    for kind, label in (
        ("sleep", _("Sleep")),
        ("crying", _("Crying or fussing")),
        ("feed", _("Feed")),
        ("nappy", _("Nappy")),
        ("gas", _("Gas or discomfort")),
        ("teething", _("Teething")),
        ("growth", _("Weight and length")),
        ("illness", _("Temperature and signs of illness")),
        ("note", _("Note")),
    )
}


def format_duration(delta: timedelta) -> str:
    """ "1 h 05 min", "12 min", "under a minute": readable at a glance, at night."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return gettext("under a minute")
    hours, minutes = divmod(minutes, 60)
    if hours:
        return gettext("%(hours)s h %(minutes)s min") % {
            "hours": hours,
            "minutes": f"{minutes:02d}",
        }
    return gettext("%(minutes)s min") % {"minutes": minutes}


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
            parts.append(gettext("running"))
        else:
            parts.append(format_duration(entry.end - entry.start))
    if entry.notes and not isinstance(entry, Note):
        parts.append(gettext("“%(note)s”") % {"note": Truncator(entry.notes).chars(60)})
    return ", ".join(p for p in parts if p)


def _details(entry: Entry) -> str:
    if isinstance(entry, Feed):
        return _feed(entry)
    if isinstance(entry, Nappy):
        return _nappy(entry)
    if isinstance(entry, GasEpisode):
        severity = entry.get_severity_display()
        if entry.relieved_by:
            return gettext("%(severity)s discomfort, eased by %(what)s") % {
                "severity": severity,
                "what": entry.relieved_by,
            }
        return gettext("%(severity)s discomfort") % {"severity": severity}
    if isinstance(entry, TeethingSign):
        return gettext("Teething: %(signs)s") % {
            "signs": ", ".join(str(_SIGN_LABELS.get(s, s)).lower() for s in entry.signs)
        }
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
        side = str(feed.get_side_display()).lower() or gettext("side not set")
        text = gettext("Breastfeed, %(side)s") % {"side": side}
        sides = [
            template % {"duration": format_duration(timedelta(seconds=seconds))}
            for template, seconds in (
                (gettext("left %(duration)s"), feed.left_seconds),
                (gettext("right %(duration)s"), feed.right_seconds),
            )
            if seconds
        ]
        return f"{text} ({', '.join(sides)})" if sides else text
    if feed.kind == FeedKind.BOTTLE:
        contents = str(feed.get_contents_display()).lower()
        amount = units.format_volume(feed.amount_ml) if feed.amount_ml else ""
        if amount and contents:
            return gettext("Bottle %(amount)s of %(contents)s") % {
                "amount": amount,
                "contents": contents,
            }
        if amount:
            return gettext("Bottle %(amount)s") % {"amount": amount}
        if contents:
            return gettext("Bottle of %(contents)s") % {"contents": contents}
        return gettext("Bottle")
    if feed.food:
        return gettext("Solids: %(food)s") % {"food": feed.food}
    return gettext("Solids")


def _nappy(nappy: Nappy) -> str:
    if nappy.wet and nappy.dirty:
        text = gettext("Nappy: wet and dirty")
    elif nappy.wet:
        text = gettext("Nappy: wet")
    elif nappy.dirty:
        text = gettext("Nappy: dirty")
    else:
        text = gettext("Nappy: empty")
    details = [
        str(d).lower() for d in (nappy.get_consistency_display(), nappy.get_colour_display()) if d
    ]
    if details:
        text += f" ({', '.join(details)})"
    return text


def _illness(check: IllnessCheck) -> str:
    parts = []
    if check.temperature_c is not None:
        parts.append(units.format_temperature(check.temperature_c))
    parts.extend(str(_ILLNESS_LABELS.get(s, s)).lower() for s in check.signs)
    return gettext("Temperature and signs: %(details)s") % {"details": ", ".join(parts)}


def _growth(growth: Growth) -> str:
    parts = []
    if growth.weight_g:
        parts.append(
            gettext("weight %(weight)s") % {"weight": units.format_weight(growth.weight_g)}
        )
    if growth.length_cm:
        parts.append(
            gettext("length %(length)s") % {"length": units.format_length(growth.length_cm)}
        )
    if growth.head_cm:
        parts.append(
            gettext("head circumference %(length)s")
            % {"length": units.format_length(growth.head_cm)}
        )
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


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
