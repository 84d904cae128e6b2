"""What is due for a person now: the screening schedule applied to her data, and the massage.

Pages, the API, the e-mail task and the calendar feed all ask these functions, so a snoozed
item disappears everywhere at once. Everything is per user: a mother's screening reminders are
never shown to her partner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from firsttouch.accounts.roles import is_mother
from firsttouch.babies.models import Baby
from firsttouch.core.scoping import scoped
from firsttouch.massage.models import MassageSession

from . import schedule
from .models import ReminderSettings, ReminderState
from .schedule import Due, Latest, State

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, User


MASSAGE = "massage"
# A massage e-mail is worth sending only near the chosen time; later it would only nag.
MASSAGE_EMAIL_WINDOW = timedelta(hours=2)

# Programme and study points ("baseline", "end of class") plug in here: a source takes the
# user and her local today and yields extra Due items with keys of their own.
Source = Callable[["User", date], Iterable[Due]]
EXTRA_SOURCES: list[Source] = []


def register_source(source: Source) -> Source:
    """Add ad-hoc screening points (e.g. from the programmes app); usable as a decorator."""
    if source not in EXTRA_SOURCES:
        EXTRA_SOURCES.append(source)
    return source


# Tonight's bedtime window comes from the home app (home.bedtime, from the baby's own logged
# sleep), which imports this app: it registers here when Django starts (home/apps.py).
BedtimeWindowStart = Callable[["Family", date], time | None]
BEDTIME_WINDOW_STARTS: list[BedtimeWindowStart] = []


def register_bedtime_window_start(source: BedtimeWindowStart) -> BedtimeWindowStart:
    if source not in BEDTIME_WINDOW_STARTS:
        BEDTIME_WINDOW_STARTS.append(source)
    return source


def massage_time_on(prefs: ReminderSettings, family: Family, day: date) -> time | None:
    """When the day's massage reminder comes: the start of that evening's bedtime window when
    she asked for it and the babies' sleep gives one, else her fixed time (None: no reminder)."""
    if prefs.massage_at_bedtime_window:
        for source in BEDTIME_WINDOW_STARTS:
            opens = source(family, day)
            if opens is not None:
                return opens
    return prefs.massage_time


class UnknownReminder(LookupError):
    """The key is not due for this person (or not hers): the pages and API answer 404."""


def settings_for(user: User) -> ReminderSettings:
    """Her settings, or unsaved defaults: nobody has to visit the settings page first."""
    found = ReminderSettings.objects.filter(user=user).first()
    return found or ReminderSettings(user=user)


def family_of(user: User) -> Family | None:
    try:
        return user.membership.family
    except ObjectDoesNotExist:  # no membership: a removed caregiver
        return None


def local_now(user: User, now: datetime | None = None) -> datetime:
    """Now on the family's clock (the task runs in UTC, the mother lives in her time zone)."""
    family = family_of(user)
    zone = ZoneInfo(family.time_zone if family else settings.TIME_ZONE)
    return (now or timezone.now()).astimezone(zone)


def _latest_epds(user: User) -> Any:
    """The wellbeing engine's latest completed EPDS (imported late: apps load in any order)."""
    from firsttouch.wellbeing.services import latest_epds

    return latest_epds(user)


def latest_for(user: User, zone: ZoneInfo) -> Latest | None:
    response = _latest_epds(user)
    if response is None or response.total is None or response.completed_at is None:
        return None
    return Latest(
        completed_on=response.completed_at.astimezone(zone).date(), total=int(response.total)
    )


def threshold() -> int:
    """The "possible depression" total (default 10) at and above which a repeat is due."""
    return int(settings.EPDS_POSSIBLE_THRESHOLD)


@dataclass(frozen=True)
class Plan:
    """Everything about one person's screening reminders, computed once per request/task."""

    items: list[Due]
    latest: Latest | None
    states: dict[str, State]
    today: date

    def due_now(self, collapse: bool = True) -> list[Due]:
        return schedule.due_now(self.items, self.today, self.latest, self.states, collapse)

    def upcoming(self) -> list[Due]:
        return schedule.upcoming(self.items, self.today, self.latest, self.states)


def states_for(user: User) -> dict[str, State]:
    return {
        s.key: State(declined=s.declined, snoozed_until=s.snoozed_until)
        for s in ReminderState.objects.filter(user=user)
    }


def screening_plan(
    user: User, now: datetime | None = None, prefs: ReminderSettings | None = None
) -> Plan:
    """The mother's screening items; empty for other caregivers or when she turned them off."""
    here = local_now(user, now)
    today = here.date()
    prefs = prefs or settings_for(user)
    family = family_of(user)
    if family is None or not is_mother(user) or not prefs.screening_reminders:
        return Plan([], None, {}, today)
    latest = latest_for(user, ZoneInfo(family.time_zone))
    items: list[Due] = []
    for baby_id, birth_date in scoped(Baby, family).values_list("pk", "birth_date"):
        items.extend(schedule.milestones(baby_id, birth_date))
    items.extend(schedule.follow_up(latest, threshold()))
    for source in EXTRA_SOURCES:
        items.extend(source(user, today))
    return Plan(schedule.dedupe(items), latest, states_for(user), today)


def massage_item(
    user: User, now: datetime | None = None, prefs: ReminderSettings | None = None
) -> Due | None:
    """Today's massage, once the chosen time has come and nobody has massaged yet today."""
    prefs = prefs or settings_for(user)
    family = family_of(user)
    if family is None:
        return None
    here = local_now(user, now)
    at = massage_time_on(prefs, family, here.date())
    if at is None or here.time() < at:
        return None
    key = f"{MASSAGE}:{here.date().isoformat()}"
    state = ReminderState.objects.filter(user=user, key=key).first()
    if state is not None and (state.declined or _snoozed_past(state.snoozed_until, here.date())):
        return None
    if _massaged_today(family, here):
        return None
    return Due(
        key=key,
        kind=MASSAGE,
        label=gettext("Today's massage (%(time)s)") % {"time": f"{at:%H:%M}"},
        due_on=here.date(),
        reason=gettext("A session at the same time before bed can become a sleep cue."),
    )


def _snoozed_past(until: date | None, today: date) -> bool:
    return until is not None and until > today


def massage_started_at(
    prefs: ReminderSettings, family: Family | None, here: datetime
) -> datetime | None:
    """Today's massage moment on the family's clock (None when there is none)."""
    at = massage_time_on(prefs, family, here.date()) if family else prefs.massage_time
    if at is None:
        return None
    return datetime.combine(here.date(), at, tzinfo=here.tzinfo)


def _massaged_today(family: Family, here: datetime) -> bool:
    """Someone in the family already gave today's massage: the reminder has done its job."""
    start = datetime.combine(here.date(), time.min, tzinfo=here.tzinfo)
    return bool(
        scoped(MassageSession, family)
        .filter(started_at__gte=start, started_at__lt=start + timedelta(days=1))
        .exists()
    )


def due_for(user: User, now: datetime | None = None) -> list[Due]:
    """What to show this person now: due screenings first, then today's massage."""
    prefs = settings_for(user)
    items = screening_plan(user, now, prefs).due_now()
    massage = massage_item(user, now, prefs)
    return items + ([massage] if massage else [])


def find_due(user: User, key: str, now: datetime | None = None) -> Due:
    for item in due_for(user, now):
        if item.key == key:
            return item
    raise UnknownReminder(key)


def _keys_answered_by(user: User, item: Due, now: datetime | None) -> list[str]:
    """An answer to a check covers every check open today (they were shown as one)."""
    if item.kind != schedule.EPDS:
        return [item.key]
    return [
        i.key for i in screening_plan(user, now).due_now(collapse=False) if i.kind == schedule.EPDS
    ]


def _remember(user: User, key: str, now: datetime | None, **values: Any) -> ReminderState:
    item = find_due(user, key, now)
    first = None
    for each in _keys_answered_by(user, item, now):
        state, _ = ReminderState.objects.update_or_create(
            user=user, key=each, defaults={**values, "updated_at": timezone.now()}
        )
        if each == item.key:
            first = state
    assert first is not None
    return first


def snooze(user: User, key: str, now: datetime | None = None) -> ReminderState:
    """Hide a due item for three days; it comes back once, gently, if still in its window."""
    until = local_now(user, now).date() + schedule.SNOOZE
    return _remember(user, key, now, snoozed_until=until, declined=False)


def decline(user: User, key: str, now: datetime | None = None) -> ReminderState:
    """Not this one: the item is gone for good (the mother can always take a check herself)."""
    return _remember(user, key, now, declined=True, snoozed_until=None)


def take_url(item: Due) -> str:
    """Where the item's "take" button leads: the EPDS form, or the massage library."""
    return reverse("massage:library" if item.kind == MASSAGE else "wellbeing:epds")


@dataclass(frozen=True)
class Reminder:
    """A due item dressed for a template or the API."""

    item: Due
    url: str

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def is_massage(self) -> bool:
        return self.item.kind == MASSAGE


def due_reminders(user: User, now: datetime | None = None) -> list[Reminder]:
    """For pages (the home page includes reminders/_due.html with ``reminders`` set to this)."""
    if not user.is_authenticated:
        return []
    return [Reminder(item, take_url(item)) for item in due_for(user, now)]
