"""The colic pattern from the crying log (sources wessel-1954, rome-iv, wolke-2017; the fever
red flags nice-ng143, the coping sentence icon).

Pure functions: they take crying + fussing minutes per local day and return a pattern, never a
diagnosis. The comparisons follow the sources word for word, because the edges matter:

- Wessel's "rule of threes" says *more than*: a day counts when it has more than 3 hours
  (3h01 counts, 3h00 does not), a week counts when it has more than 3 such days (4 days), and
  the pattern needs more than 3 such weeks (4 weeks in a row).
- Rome IV's research criterion says *or more*: a day counts with 3 hours or more (3h00 counts),
  and the pattern needs 3 or more such days within any 7 consecutive days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from django.utils.translation import gettext, gettext_noop, ngettext

from firsttouch.core.dates import add_months
from firsttouch.home.services import day_bounds

THREE_HOURS = 180.0  # minutes
WEEK = 7

# English msgids (gettext_noop): the page words them in the reader's language with gettext;
# the API, documented in English, sends the constants as they are.
COLIC_SENTENCE = gettext_noop(
    "This crying pattern matches the usual definition of colic; talk to your "
    "health visitor or doctor."
)
# The ICON message (source icon): shown with every crying pattern, matched or not.
COPING_SENTENCE = gettext_noop(
    "Crying spells are hard. It is fine to put your baby down safely on their back in their "
    "cot and take a few minutes' break to calm yourself. Never shake a baby."
)
# Fever and emergency signs (nice-ng143); the others are Rome IV's red flags (rome-iv).
RED_FLAGS_INTRO = gettext_noop(
    "Whatever the pattern, see a doctor promptly if your baby has any of these:"
)
RED_FLAGS = (
    gettext_noop(
        "a temperature of 38 °C or more in a baby under 3 months "
        "(needs urgent medical assessment now)"
    ),
    gettext_noop(
        "at any age: floppy, hard to wake, a rash that does not fade under pressure, or "
        "breathing with difficulty (needs emergency care now)"
    ),
    gettext_noop("fever at any age"),
    gettext_noop("poor feeding"),
    gettext_noop("vomiting"),
    gettext_noop("blood in stool"),
    gettext_noop("a high-pitched or weak cry"),
    gettext_noop("lethargy"),
    gettext_noop("not gaining weight"),
)


def split_by_local_day(
    intervals: Iterable[tuple[datetime, datetime | None]], tz: tzinfo, now: datetime | None = None
) -> dict[date, float]:
    """Minutes of each interval per local day, split at local midnight.

    Walks only the days an interval touches (a year of entries costs one pass), using the
    same ``day_bounds`` as the home page so both pages agree on what "a day" is. A running
    interval counts up to ``now``; without ``now`` it is left out.
    """
    totals: dict[date, float] = {}
    for start, end in intervals:
        stop = end if end is not None else now
        if stop is None or stop <= start:
            continue
        day = start.astimezone(tz).date()
        while True:
            day_start, day_end = day_bounds(day, tz)
            overlap = min(stop, day_end) - max(start, day_start)
            if overlap > timedelta(0):
                totals[day] = totals.get(day, 0.0) + overlap.total_seconds() / 60
            if day_end >= stop:
                break
            day += timedelta(days=1)
    return totals


@dataclass(frozen=True)
class ColicPattern:
    """What the crying log shows, against each definition, with the sentences to show."""

    wessel: bool
    rome_iv: bool
    # Rome IV applies to infants under 5 months; False when the days fall after that.
    rome_iv_age_ok: bool
    wessel_days: list[date] = field(default_factory=list)  # days with more than 3 h
    wessel_weeks: list[tuple[date, date]] = field(default_factory=list)  # first, last day
    rome_days: list[date] = field(default_factory=list)  # days with 3 h or more
    rome_window: tuple[date, date] | None = None  # first 7-day window meeting it
    sentences: list[str] = field(default_factory=list)
    red_flags: tuple[str, ...] = RED_FLAGS

    @property
    def matches(self) -> bool:
        return self.wessel or self.rome_iv


def _complete_days(
    minutes_by_day: Mapping[date, float], first: date | None, last: date | None
) -> list[date]:
    if not minutes_by_day and (first is None or last is None):
        return []
    first = first or min(minutes_by_day)
    last = last or max(minutes_by_day)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def wessel_weeks(days: list[date], minutes: Mapping[date, float]) -> list[tuple[date, date]]:
    """The longest run of consecutive qualifying weeks, trying every weekday as week start.

    A week is 7 consecutive days; it qualifies with more than 3 days of more than 3 hours.
    A diary does not say on which weekday "a week" starts, so each of the 7 alignments is
    tried and the longest run kept: the pattern does not hinge on the calendar.
    """
    best: list[tuple[date, date]] = []
    for offset in range(WEEK):
        run: list[tuple[date, date]] = []
        for i in range(offset, len(days) - WEEK + 1, WEEK):
            week = days[i : i + WEEK]
            heavy = sum(1 for d in week if minutes.get(d, 0.0) > THREE_HOURS)
            if heavy > 3:
                run.append((week[0], week[-1]))
                if len(run) > len(best):
                    best = list(run)
            else:
                run = []
    return best


def rome_window(days: list[date], minutes: Mapping[date, float]) -> tuple[date, date] | None:
    """The first 7 consecutive days holding 3 or more days of 3 hours or more."""
    for i in range(len(days)):
        window = days[i : i + WEEK]
        if sum(1 for d in window if minutes.get(d, 0.0) >= THREE_HOURS) >= 3:
            return window[0], window[-1]
    return None


def colic_pattern(
    minutes_by_day: Mapping[date, float],
    birth_date: date,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
    baby_name: str = "",
) -> ColicPattern:
    """Check the crying log against Wessel and the Rome IV research criterion.

    ``minutes_by_day`` holds crying + fussing minutes per local day; days missing between
    ``first_day`` and ``last_day`` (default: the first and last keys) count as no crying.

    Rome IV's age condition ("under 5 months when symptoms start and stop") is checked against
    the baby's *chronological* age: the sources do not say corrected or chronological, and
    the criterion describes the infant's age, not its development. A qualifying window counts
    only if its last day is before the day the baby turns 5 months.
    """
    baby_name = baby_name or gettext("Your baby")
    days = _complete_days(minutes_by_day, first_day, last_day)
    heavy_wessel = [d for d in days if minutes_by_day.get(d, 0.0) > THREE_HOURS]
    heavy_rome = [d for d in days if minutes_by_day.get(d, 0.0) >= THREE_HOURS]
    weeks = wessel_weeks(days, minutes_by_day)
    wessel = len(weeks) > 3
    five_months = add_months(birth_date, 5)
    young_days = [d for d in days if d < five_months]
    window = rome_window(young_days, minutes_by_day)
    rome = window is not None
    age_ok = bool(young_days)
    sentences: list[str] = []
    if wessel or rome:
        sentences.append(gettext(COLIC_SENTENCE))
    elif heavy_rome:
        sentences.append(
            ngettext(
                "%(name)s cried or fussed for 3 hours or more on %(n)s day; "
                "this does not match the usual definition of colic.",
                "%(name)s cried or fussed for 3 hours or more on %(n)s days; "
                "this does not match the usual definition of colic.",
                len(heavy_rome),
            )
            % {"name": baby_name, "n": len(heavy_rome)}
        )
    if not age_ok and days:
        sentences.append(
            gettext(
                "The research definition of colic (Rome IV) is for babies under "
                "5 months, so it is not checked for these days."
            )
        )
    sentences.append(gettext(COPING_SENTENCE))
    sentences.append(
        gettext("%(intro)s %(flags)s.")
        % {"intro": gettext(RED_FLAGS_INTRO), "flags": "; ".join(gettext(f) for f in RED_FLAGS)}
    )
    return ColicPattern(
        wessel=wessel,
        rome_iv=rome,
        rome_iv_age_ok=age_ok,
        wessel_days=heavy_wessel,
        wessel_weeks=weeks if wessel else [],
        rome_days=heavy_rome,
        rome_window=window,
        sentences=sentences,
    )


def crying_context(age_days: int, average_minutes: float | None, *, corrected: bool = False) -> str:
    """How the baby's daily crying compares with the average (wolke-2017): context only.

    ``age_days`` is the corrected age for a baby born before 37 weeks (``corrected``), which
    stops at 2 years (babies.services.corrected_age_days): crying peaks and settles with
    development, so a 32-weeker at 10 weeks is compared with the early weeks, not with 10-12
    weeks. The colic check above stays chronological (its docstring says why). The norms are
    averages with a wide normal range, so the sentence says so and never calls a baby abnormal.
    """
    weeks = age_days // 7
    if weeks < 6:
        text = gettext(
            "On average, babies fuss and cry about 2 hours a day in the first 6 weeks; "
            "the normal range is wide."
        )
    elif weeks < 10:
        text = gettext(
            "On average, babies fuss and cry about 2 hours a day in the first 6 weeks, falling "
            "towards 1 hour by 10-12 weeks; the normal range is wide."
        )
    else:
        text = gettext(
            "On average, babies fuss and cry about 1 hour a day from 10-12 weeks; "
            "the normal range is wide."
        )
    if corrected:
        text += " " + gettext(
            "As your baby was born early, this uses the age counted from the due date."
        )
    if average_minutes is not None:
        minutes = round(average_minutes)
        text = (
            ngettext(
                "Your log shows about %(n)s minute of crying and fussing a day.",
                "Your log shows about %(n)s minutes of crying and fussing a day.",
                minutes,
            )
            % {"n": minutes}
            + " "
            + text
        )
    return text + " " + gettext("This is for context, not a diagnosis.")
