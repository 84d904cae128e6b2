"""What goes on the one-page summary for the doctor, gathered without HTTP and without drawing.

Everything here is the baby's: the mother's own screenings, mood and self-care records are
never read (they are private to her), so they cannot leak into a PDF that is handed over.
The numbers reuse the same functions as the insights and home pages (``baby_insights``,
``day_summaries``), so the PDF and the screens agree; the rest is one query per kind over the
period, whatever the length of the history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import median

from firsttouch.babies.models import Baby
from firsttouch.babies.services import describe_days
from firsttouch.core.units import format_length, format_volume, format_weight
from firsttouch.home.services import day_bounds, day_summaries, routine_title
from firsttouch.insights.enjoyment import is_calmer
from firsttouch.insights.services import baby_insights
from firsttouch.massage.models import MassageSession
from firsttouch.tracking import red_flags
from firsttouch.tracking.growth_chart import growth_for
from firsttouch.tracking.models import Feed, FeedKind, GasEpisode, Growth, Nappy, StoolColour

DEFAULT_WEEKS = 4
# Stool colours named as red flags for a doctor ("pale, white or grey" and blood).
FLAG_COLOURS = {StoolColour.PALE: "pale, white or chalky", StoolColour.RED: "red or blood-streaked"}
STOOL_FLAG_NOTE = "Pale, white or grey stools and blood are red flags for a doctor."


@dataclass(frozen=True)
class Measurement:
    value: str
    on: date


@dataclass(frozen=True)
class ReportData:
    """The page's content as plain values and sentences; ``pdf.py`` only lays it out."""

    name: str
    birth_date: date
    age: str
    corrected_age: str | None  # None when the baby was born at term
    born_at: str | None  # "born at 32 weeks" when known
    first_day: date
    last_day: date
    weeks: int
    generated: datetime  # local to the family
    zone_name: str
    days: list[date]
    night_sleep_hours: list[float | None]  # None: no night logged
    crying_minutes: list[float]
    massages: list[int]
    stools: list[int]
    comparisons: list[str]
    onset_sentence: str
    colic_matches: bool
    colic_sentences: list[str]
    log_since: date | None  # the first day the comparisons and colic check read
    crying_context: str
    # Baby red flags logged in the period, most urgent first: the page lists them first.
    red_flags: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    nappies: list[str] = field(default_factory=list)
    growth: list[str] = field(default_factory=list)
    massage: list[str] = field(default_factory=list)
    logged_anything: bool = False


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def period_days(baby: Baby, today: date, weeks: int) -> list[date]:
    """The ``weeks`` ending today, but never before the day of birth."""
    first = max(today - timedelta(days=weeks * 7 - 1), baby.birth_date)
    first = min(first, today)
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


def report_data(baby: Baby, tz: tzinfo, now: datetime, *, weeks: int = DEFAULT_WEEKS) -> ReportData:
    """Gather the page for ``baby`` (already fetched through the family scope)."""
    local_now = now.astimezone(tz)
    today = local_now.date()
    days = period_days(baby, today, weeks)
    start, _ = day_bounds(days[0], tz)
    _, end = day_bounds(days[-1], tz)
    end = min(end, now)

    summaries = day_summaries(baby, days, tz, now)
    # The comparisons and the colic check read the whole log, as on the insights page: four
    # weeks rarely hold 7 evenings with and 7 without a massage.
    insights = baby_insights(baby, tz, now=now)
    nights = {d.day: d.night_sleep for d in insights.days}
    logged_days = [d.day for d in insights.days] + list(insights.crying_by_day)

    age = baby.age(today)
    # "2 weeks", or "3 weeks before due date" while the corrected age is negative.
    corrected = describe_days(age.corrected_days) if age.is_corrected else None
    born_at = f"born at {baby.gestational_weeks} weeks" if baby.gestational_weeks else None

    comparisons = [c.sentence for c in insights.comparisons]
    comparisons += [c.sentence for c in insights.by_routine if c.enough_data]

    feeds, feed_days = _feeds(baby, start, end, tz)
    nappies, nappy_days = _nappies(baby, start, end, tz)
    massage, sessions = _massage(baby, start, end)
    growth = _growth(baby, now, tz)
    night_hours = [round(nights[d] / 60, 1) if d in nights else None for d in days]
    logged = bool(
        feed_days
        or nappy_days
        or sessions
        or any(h is not None for h in night_hours)
        or any(s.sleep_minutes or s.crying_minutes for s in summaries)
    )
    return ReportData(
        name=baby.name,
        birth_date=baby.birth_date,
        age=describe_days(age.chronological_days),
        corrected_age=corrected,
        born_at=born_at,
        first_day=days[0],
        last_day=days[-1],
        weeks=weeks,
        generated=local_now,
        zone_name=str(getattr(tz, "key", tz)),
        days=days,
        night_sleep_hours=night_hours,
        crying_minutes=[s.crying_minutes for s in summaries],
        massages=[s.massages for s in summaries],
        stools=[s.stools for s in summaries],
        comparisons=comparisons,
        onset_sentence=insights.onset_sentence,
        colic_matches=insights.colic.matches,
        colic_sentences=list(insights.colic.sentences),
        log_since=min(logged_days) if logged_days else None,
        crying_context=insights.crying_context,
        red_flags=_red_flags(baby, now, tz, len(days)),
        feeds=feeds,
        nappies=nappies,
        growth=growth,
        massage=massage,
        logged_anything=logged,
    )


def _feeds(baby: Baby, start: datetime, end: datetime, tz: tzinfo) -> tuple[list[str], int]:
    rows = list(
        Feed.objects.filter(baby=baby, start__gte=start, start__lt=end)
        .order_by()
        .values_list("start", "kind", "amount_ml")
    )
    if not rows:
        return ["No feeds logged in this period."], 0
    by_day = Counter(s.astimezone(tz).date() for s, _, _ in rows)
    kinds = Counter(kind for _, kind, _ in rows)
    labels = dict(FeedKind.choices)
    split = ", ".join(f"{labels[k].lower()} {kinds[k]}" for k in FeedKind.values if kinds[k])
    text = (
        f"Feeds: {_plural(len(rows), 'feed')} on {_plural(len(by_day), 'day')} with feeds "
        f"logged, about {_one_decimal(len(rows) / len(by_day))} a day ({split})."
    )
    millilitres: Counter[date] = Counter()
    for s, kind, amount in rows:
        if kind == FeedKind.BOTTLE and amount:
            millilitres[s.astimezone(tz).date()] += amount
    lines = [text]
    if millilitres:
        average = round(sum(millilitres.values()) / len(millilitres))
        lines.append(
            f"Bottle milk: about {format_volume(average)} a day on the "
            f"{_plural(len(millilitres), 'day')} with bottle amounts logged."
        )
    return lines, len(by_day)


# How the parent was told to act, in the doctor's words.
ADVISED = {
    "emergency": "emergency care advised",
    "urgent": "urgent assessment advised",
    "today": "told to contact a doctor today",
    "advice": "advice shown",
}


def _red_flags(baby: Baby, now: datetime, tz: tzinfo, days: int) -> list[str]:
    """One line per red flag logged in the period: when, what, and what the parent was told."""
    lines = []
    for w in red_flags.recent_warnings(baby, now, days=days):
        assert w.logged_at is not None
        when = w.logged_at.astimezone(tz)
        lines.append(
            f"{short_date(when.date())}, {when:%H:%M}: {red_flags.label(w.code)} "
            f"({ADVISED[w.urgency]})."
        )
    return lines


def _nappies(baby: Baby, start: datetime, end: datetime, tz: tzinfo) -> tuple[list[str], int]:
    rows = list(
        Nappy.objects.filter(baby=baby, time__gte=start, time__lt=end)
        .order_by()
        .values_list("time", "wet", "dirty", "colour")
    )
    gas = list(
        GasEpisode.objects.filter(baby=baby, time__gte=start, time__lt=end)
        .order_by()
        .values_list("severity", flat=True)
    )
    lines: list[str] = []
    days = {t.astimezone(tz).date() for t, _, _, _ in rows}
    if rows:
        wet = sum(1 for _, w, _, _ in rows if w)
        dirty_days = {t.astimezone(tz).date() for t, _, d, _ in rows if d}
        dirty = sum(1 for _, _, d, _ in rows if d)
        n = len(days)
        lines.append(
            f"Nappies: about {_one_decimal(wet / n)} wet and {_one_decimal(dirty / n)} dirty a "
            f"day over the {_plural(n, 'day')} with nappies logged; "
            f"{_plural(n - len(dirty_days), 'day')} of those without a stool."
        )
        colours = Counter(c for _, _, d, c in rows if d and c in FLAG_COLOURS)
        if colours:
            found = " and ".join(
                f"{FLAG_COLOURS[StoolColour(c)]} ({n})" for c, n in colours.items()
            )
            lines.append(f"Stools logged as {found}. {STOOL_FLAG_NOTE}")
    else:
        lines.append("No nappies logged in this period.")
    if gas:
        severities = Counter(gas)
        detail = ", ".join(
            f"{severities[k]} {k}" for k in ("mild", "moderate", "severe") if severities[k]
        )
        lines.append(f"Gas or discomfort: {_plural(len(gas), 'episode')} ({detail}).")
    return lines, len(days)


def _growth(baby: Baby, now: datetime, tz: tzinfo) -> list[str]:
    """The latest weight and length, whenever they were measured (with their dates)."""
    weights = list(
        Growth.objects.filter(baby=baby, weight_g__isnull=False, time__lte=now)
        .order_by("-time")
        .values_list("time", "weight_g")[:2]
    )
    length = (
        Growth.objects.filter(baby=baby, length_cm__isnull=False, time__lte=now)
        .order_by("-time")
        .values_list("time", "length_cm")
        .first()
    )
    lines: list[str] = []

    def on(moment: datetime) -> str:
        return short_date(moment.astimezone(tz).date())

    if weights:
        (when, grams), *earlier = [(t, int(g or 0)) for t, g in weights]
        text = f"Latest weight: {format_weight(grams)} on {on(when)}"
        if earlier:
            before, before_g = earlier[0]
            text += f" (before that {format_weight(before_g)} on {on(before)})"
        lines.append(text + ".")
    else:
        lines.append("No weight logged yet.")
    if length is not None:
        lines.append(f"Latest length: {format_length(length[1])} on {on(length[0])}.")
    lines.extend(_centiles(baby, now, tz))
    return lines


def _centiles(baby: Baby, now: datetime, tz: tzinfo) -> list[str]:
    """The latest centile of each measure on the WHO charts (the page's own sentences)."""
    found = growth_for(baby, tz, until=now)
    if found.sex is None:
        if found.any_readings:
            return ["WHO centiles: not shown, as the baby's sex is not recorded."]
        return []
    return [f"WHO centile, latest {s[0].lower()}{s[1:]}" for s in found.latest_sentences()]


def _massage(baby: Baby, start: datetime, end: datetime) -> tuple[list[str], int]:
    rows = list(
        MassageSession.objects.filter(baby=baby, started_at__gte=start, started_at__lt=end)
        .order_by()
        .values_list(
            "started_at",
            "ended_at",
            "routine_slug",
            "ended_early",
            "state_before",
            "state_after",
            "tool",
        )
    )
    if not rows:
        return ["No massage sessions logged in this period."], 0
    # Days are counted by the chart (local days); here only sessions and their content.
    minutes = [(e - s).total_seconds() / 60 for s, e, *_ in rows if e is not None and e > s]
    routines = Counter(routine_title(slug) if slug else "Free-form" for _, _, slug, *_ in rows)
    listed = ", ".join(f"{title} ({n})" for title, n in routines.most_common())
    text = f"Massage: {_plural(len(rows), 'session')}"
    if minutes:
        text += f", typically {round(median(minutes))} min each"
    lines = [text + f". Routines: {listed}."]
    with_states = [(b, a) for *_, b, a, _ in rows if b and a]
    details = []
    if with_states:
        calmer = sum(1 for b, a in with_states if is_calmer(b, a))
        details.append(
            f"calmer afterwards in {calmer} of the {len(with_states)} sessions with "
            "the state before and after logged"
        )
    early = sum(1 for row in rows if row[3])
    if early:
        details.append(f"{_plural(early, 'session')} ended early")
    wand = sum(1 for row in rows if row[6] == "wand")
    if wand:
        details.append(f"massager wand in {wand}")
    if details:
        lines.append("; ".join(details).capitalize() + ".")
    return lines, len(rows)
