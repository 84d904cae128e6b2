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

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from firsttouch.babies.models import Baby
from firsttouch.babies.services import describe_days
from firsttouch.core.units import format_length, format_volume, format_weight
from firsttouch.home.services import day_bounds, day_summaries, routine_title
from firsttouch.insights.enjoyment import is_calmer
from firsttouch.insights.services import baby_insights
from firsttouch.massage.models import MassageSession
from firsttouch.tracking import red_flags
from firsttouch.tracking.growth_chart import BabyGrowth, growth_for
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
    # The WHO charts' readings (with the sex they were read against), drawn on a second page.
    growth_charts: BabyGrowth | None = None
    massage: list[str] = field(default_factory=list)
    logged_anything: bool = False


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def short_date(day: date) -> str:
    return date_format(day, "j M Y")


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
    born_at = (
        gettext("born at %(weeks)d weeks") % {"weeks": baby.gestational_weeks}
        if baby.gestational_weeks
        else None
    )

    comparisons = [c.sentence for c in insights.comparisons]
    comparisons += [c.sentence for c in insights.by_routine if c.enough_data]

    feeds, feed_days = _feeds(baby, start, end, tz)
    nappies, nappy_days = _nappies(baby, start, end, tz)
    massage, sessions = _massage(baby, start, end)
    charts = growth_for(baby, tz, until=now)
    growth = _growth(baby, now, tz, charts)
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
        growth_charts=charts,
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
        return [gettext("No feeds logged in this period.")], 0
    by_day = Counter(s.astimezone(tz).date() for s, _, _ in rows)
    kinds = Counter(kind for _, kind, _ in rows)
    labels = dict(FeedKind.choices)
    split = ", ".join(f"{labels[k].lower()} {kinds[k]}" for k in FeedKind.values if kinds[k])
    feeds = ngettext("%(n)d feed", "%(n)d feeds", len(rows)) % {"n": len(rows)}
    on_days = ngettext("%(n)d day", "%(n)d days", len(by_day)) % {"n": len(by_day)}
    text = gettext(
        "Feeds: %(feeds)s on %(days)s with feeds logged, about %(rate)s a day (%(split)s)."
    ) % {
        "feeds": feeds,
        "days": on_days,
        "rate": _one_decimal(len(rows) / len(by_day)),
        "split": split,
    }
    millilitres: Counter[date] = Counter()
    for s, kind, amount in rows:
        if kind == FeedKind.BOTTLE and amount:
            millilitres[s.astimezone(tz).date()] += amount
    lines = [text]
    if millilitres:
        average = round(sum(millilitres.values()) / len(millilitres))
        lines.append(
            ngettext(
                "Bottle milk: about %(amount)s a day on the %(n)d day with bottle amounts logged.",
                "Bottle milk: about %(amount)s a day on the %(n)d days with bottle amounts logged.",
                len(millilitres),
            )
            % {"amount": format_volume(average), "n": len(millilitres)}
        )
    return lines, len(by_day)


# How the parent was told to act, in the doctor's words.
ADVISED = {
    "emergency": gettext_lazy("emergency care advised"),
    "urgent": gettext_lazy("urgent assessment advised"),
    "today": gettext_lazy("told to contact a doctor today"),
    "advice": gettext_lazy("advice shown"),
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
        without = n - len(dirty_days)
        lines.append(
            ngettext(
                "Nappies: about %(wet)s wet and %(dirty)s dirty a day over the %(n)d day with "
                "nappies logged; %(without)s of those without a stool.",
                "Nappies: about %(wet)s wet and %(dirty)s dirty a day over the %(n)d days with "
                "nappies logged; %(without)s of those without a stool.",
                n,
            )
            % {
                "wet": _one_decimal(wet / n),
                "dirty": _one_decimal(dirty / n),
                "n": n,
                "without": ngettext("%(n)d day", "%(n)d days", without) % {"n": without},
            }
        )
        colours = Counter(c for _, _, d, c in rows if d and c in FLAG_COLOURS)
        if colours:
            found = " and ".join(
                f"{FLAG_COLOURS[StoolColour(c)]} ({n})" for c, n in colours.items()
            )
            lines.append(
                gettext("Stools logged as %(found)s. %(note)s")
                % {"found": found, "note": STOOL_FLAG_NOTE}
            )
    else:
        lines.append(gettext("No nappies logged in this period."))
    if gas:
        severities = Counter(gas)
        detail = ", ".join(
            f"{severities[k]} {k}" for k in ("mild", "moderate", "severe") if severities[k]
        )
        lines.append(
            ngettext(
                "Gas or discomfort: %(n)d episode (%(detail)s).",
                "Gas or discomfort: %(n)d episodes (%(detail)s).",
                len(gas),
            )
            % {"n": len(gas), "detail": detail}
        )
    return lines, len(days)


def _growth(baby: Baby, now: datetime, tz: tzinfo, charts: BabyGrowth) -> list[str]:
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
        if earlier:
            before, before_g = earlier[0]
            text = gettext(
                "Latest weight: %(weight)s on %(date)s (before that %(before_weight)s on "
                "%(before_date)s)."
            ) % {
                "weight": format_weight(grams),
                "date": on(when),
                "before_weight": format_weight(before_g),
                "before_date": on(before),
            }
        else:
            text = gettext("Latest weight: %(weight)s on %(date)s.") % {
                "weight": format_weight(grams),
                "date": on(when),
            }
        lines.append(text)
    else:
        lines.append(gettext("No weight logged yet."))
    if length is not None:
        lines.append(
            gettext("Latest length: %(length)s on %(date)s.")
            % {"length": format_length(length[1]), "date": on(length[0])}
        )
    lines.extend(_centiles(charts))
    return lines


def _centiles(found: BabyGrowth) -> list[str]:
    """The latest centile of each measure on the WHO charts (the page's own sentences)."""
    if found.sex is None:
        if found.any_readings:
            return [gettext("WHO centiles: not shown, as the baby's sex is not recorded.")]
        return []
    return [
        gettext("WHO centile, latest %(sentence)s") % {"sentence": f"{s[0].lower()}{s[1:]}"}
        for s in found.latest_sentences()
    ]


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
        return [gettext("No massage sessions logged in this period.")], 0
    # Days are counted by the chart (local days); here only sessions and their content.
    minutes = [(e - s).total_seconds() / 60 for s, e, *_ in rows if e is not None and e > s]
    routines = Counter(
        routine_title(slug) if slug else gettext("Free-form") for _, _, slug, *_ in rows
    )
    listed = ", ".join(f"{title} ({n})" for title, n in routines.most_common())
    sessions = ngettext("%(n)d session", "%(n)d sessions", len(rows)) % {"n": len(rows)}
    if minutes:
        text = gettext(
            "Massage: %(sessions)s, typically %(minutes)d min each. Routines: %(routines)s."
        ) % {"sessions": sessions, "minutes": round(median(minutes)), "routines": listed}
    else:
        text = gettext("Massage: %(sessions)s. Routines: %(routines)s.") % {
            "sessions": sessions,
            "routines": listed,
        }
    lines = [text]
    with_states = [(b, a) for *_, b, a, _ in rows if b and a]
    details = []
    if with_states:
        calmer = sum(1 for b, a in with_states if is_calmer(b, a))
        details.append(
            gettext(
                "calmer afterwards in %(calmer)d of the %(n)d sessions with the state before "
                "and after logged"
            )
            % {"calmer": calmer, "n": len(with_states)}
        )
    early = sum(1 for row in rows if row[3])
    if early:
        details.append(
            ngettext("%(n)d session ended early", "%(n)d sessions ended early", early)
            % {"n": early}
        )
    wand = sum(1 for row in rows if row[6] == "wand")
    if wand:
        details.append(gettext("massager wand in %(n)d") % {"n": wand})
    if details:
        lines.append("; ".join(details).capitalize() + ".")
    return lines, len(rows)
