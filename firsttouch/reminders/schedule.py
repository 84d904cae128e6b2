"""When a wellbeing check (EPDS) is due: pure date arithmetic, no database, no clock.

The default schedule follows the AAP clinical report (aap-2019, docs/sources.md): a baseline
at 2 weeks (optional), then 1, 2, 4, 6, 9 and 12 months after birth (the AAP's well-baby
visits at 1, 2, 4 and 6 months, extended through the first year), plus a repeat every 2
weeks while the latest total is at or above the "possible depression" threshold, plus whatever
points a programme or study sets. Months are counted from the birth date for every baby,
preterm ones included: the schedule follows the mother's time since giving birth, not the
baby's corrected age.

Every due item has a stable key, so snoozing, declining and "e-mail sent" are remembered per
item. A completed EPDS anywhere in an item's window satisfies it; once the window has closed an
unanswered item quietly drops away: a gentle reminder, never a nag.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext, gettext_noop

from firsttouch.core.dates import add_months

# A screening taken a week early or up to two weeks late still counts: visits move, babies
# are unwell, and a mother should not be asked twice in a few days.
WINDOW_BEFORE = timedelta(days=7)
WINDOW_AFTER = timedelta(days=14)
# "Repeat the EPDS in 2-4 weeks" (aap-2019): due two weeks on, open until four weeks.
FOLLOW_UP_AFTER = timedelta(days=14)
SNOOZE = timedelta(days=3)

EPDS = "epds"


@dataclass(frozen=True)
class Milestone:
    slug: str
    label: str
    months: int = 0
    days: int = 0
    optional: bool = False


MILESTONES: tuple[Milestone, ...] = (
    Milestone("week-2", gettext_noop("2 weeks after birth"), days=14, optional=True),
    Milestone("month-1", gettext_noop("1 month after birth"), months=1),
    Milestone("month-2", gettext_noop("2 months after birth"), months=2),
    Milestone("month-4", gettext_noop("4 months after birth"), months=4),
    Milestone("month-6", gettext_noop("6 months after birth"), months=6),
    Milestone("month-9", gettext_noop("9 months after birth"), months=9),
    Milestone("month-12", gettext_noop("12 months after birth"), months=12),
)


@dataclass(frozen=True)
class Due:
    """One screening point: what, when, and the stable key that remembers its state."""

    key: str
    label: str
    due_on: date
    kind: str = EPDS
    optional: bool = False
    reason: str = ""

    @property
    def opens_on(self) -> date:
        return self.due_on - WINDOW_BEFORE

    @property
    def closes_on(self) -> date:
        """The last day the item is shown; after it the point is simply missed."""
        return self.due_on + WINDOW_AFTER

    def satisfied_by(self, completed_on: date | None) -> bool:
        return completed_on is not None and self.opens_on <= completed_on <= self.closes_on


@dataclass(frozen=True)
class Latest:
    """The mother's latest completed EPDS, as the schedule needs it (a local date, a total)."""

    completed_on: date
    total: int


@dataclass(frozen=True)
class State:
    """What she chose for an item: snoozed until a day, or declined."""

    declined: bool = False
    snoozed_until: date | None = None


def milestone_date(birth_date: date, milestone: Milestone) -> date:
    return add_months(birth_date, milestone.months) + timedelta(days=milestone.days)


def milestones(baby_id: int, birth_date: date) -> list[Due]:
    """The fixed points of the first year, from the birth date (never the corrected age)."""
    return [
        Due(
            key=f"{EPDS}:{m.slug}:{baby_id}",
            label=gettext(m.label),
            due_on=milestone_date(birth_date, m),
            optional=m.optional,
            reason=gettext("An optional first check, to have a starting point.")
            if m.optional
            else gettext("A routine check in the first year after birth."),
        )
        for m in MILESTONES
    ]


def follow_up(latest: Latest | None, threshold: int) -> list[Due]:
    """A repeat two weeks after a total at or above the threshold.

    The key names the screening it follows, so each high score asks once; the next EPDS
    either ends the repeats (below the threshold) or sets the next one.
    """
    if latest is None or latest.total < threshold:
        return []
    return [
        Due(
            key=f"{EPDS}:follow-up:{latest.completed_on.isoformat()}",
            label=gettext("2 weeks after your last check"),
            due_on=latest.completed_on + FOLLOW_UP_AFTER,
            reason=gettext("Your last score suggested checking again in a couple of weeks."),
        )
    ]


def dedupe(items: Iterable[Due]) -> list[Due]:
    """One item per day and label: twins share a birth date and need one check, not two."""
    seen: set[tuple[date, str, str]] = set()
    kept: list[Due] = []
    for item in sorted(items, key=lambda i: (i.due_on, i.key)):
        marker = (item.due_on, item.label, item.kind)
        if marker not in seen:
            seen.add(marker)
            kept.append(item)
    return kept


def is_due_now(item: Due, today: date, latest: Latest | None, state: State | None = None) -> bool:
    """Shown today: its day has come and its window is still open, no EPDS in the window has
    answered it, and she has not declined it or snoozed it past today."""
    if not item.due_on <= today <= item.closes_on:
        return False
    if item.kind == EPDS and latest is not None and item.satisfied_by(latest.completed_on):
        return False
    if state is not None:
        if state.declined:
            return False
        if state.snoozed_until is not None and today < state.snoozed_until:
            return False
    return True


def upcoming(
    items: Iterable[Due], today: date, latest: Latest | None, states: dict[str, State] | None = None
) -> list[Due]:
    """Items still ahead or open (for a calendar): not missed, done or declined."""
    states = states or {}
    result = []
    for item in items:
        if item.closes_on < today:
            continue
        if item.kind == EPDS and latest is not None and item.satisfied_by(latest.completed_on):
            continue
        state = states.get(item.key)
        if state is not None and state.declined:
            continue
        result.append(item)
    return result


def due_now(
    items: Iterable[Due],
    today: date,
    latest: Latest | None,
    states: dict[str, State] | None = None,
    collapse: bool = True,
) -> list[Due]:
    """What to show today. With ``collapse``, several checks open at once (a repeat falling in
    the week of a milestone) show as one, the latest: a single EPDS answers them all."""
    states = states or {}
    shown = [i for i in items if is_due_now(i, today, latest, states.get(i.key))]
    if not collapse:
        return shown
    checks = [i for i in shown if i.kind == EPDS]
    if len(checks) <= 1:
        return shown
    keep = max(checks, key=lambda i: i.due_on)
    return [i for i in shown if i.kind != EPDS or i is keep]
