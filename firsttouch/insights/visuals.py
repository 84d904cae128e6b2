"""What the insights page draws: interval bars across zero, and the weekly and daily charts.

The bar charts are drawn by the helper the home page uses (``firsttouch.core.charts``), so
both pages look and read alike. The interval bar is new: a dot for the average difference and a
band for its interval, on a scale centred on zero, so "the band does not cross the line" can be
seen at a glance. Every SVG carries its numbers as a ``<title>`` and ``<desc>``, and the page prints
them as text as well. Colours come from CSS variables, so dark mode works.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop, ngettext

from firsttouch.core.charts import bar_chart

from .overview import Overview, Week
from .stats import LEVEL, Comparison, percent_label

WIDTH = 320
HEIGHT = 60
MIDDLE = WIDTH / 2
HALF = 136  # the scale's half-width in SVG units, leaving room at both ends
BAND_Y, BAND_H = 14, 14


def duration(minutes: float) -> str:
    """ "38 min", "9 h 05 min": how long, rounded to the minute."""
    total = round(abs(minutes))
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def amount(value: float, unit: str) -> str:
    """A mean in its unit: a duration for minutes, one decimal for counts (wakings)."""
    if unit == "minutes":
        return duration(value)
    return f"{value:.1f}"


def signed(value: float, comparison: Comparison) -> str:
    """A difference with its direction in words: "36 min longer", "0.4 fewer"."""
    m = comparison.measure
    if round(value, 1) == 0:
        return gettext("no difference")
    word = gettext(m.up if value > 0 else m.down)
    text = duration(value) if m.unit == "minutes" else f"{abs(value):.1f}"
    return gettext("%(amount)s %(direction)s") % {"amount": text, "direction": word}


# How the evening comparison is named in its chart's title and description (msgids).
AGAINST_EVENING = gettext_noop("with against without an evening massage")
WITH_MASSAGE = gettext_noop("with the massage")


def interval_text(c: Comparison, with_what: str = WITH_MASSAGE) -> str:
    """The numbers of an interval bar, as one sentence for people and screen readers."""
    if c.difference is None or c.low is None or c.high is None:
        return ""
    return gettext(
        "Difference on average: %(difference)s %(with_what)s; %(percent)s%% interval from "
        "%(low)s to %(high)s."
    ) % {
        "difference": signed(c.difference, c),
        "with_what": gettext(with_what),
        "percent": percent_label(c.level or LEVEL),
        "low": signed(c.low, c),
        "high": signed(c.high, c),
    }


def interval_bar(
    c: Comparison,
    chart_id: str,
    against: str = AGAINST_EVENING,
    with_what: str = WITH_MASSAGE,
) -> SafeString:
    """The difference (dot) and its interval (band) on a scale centred on zero."""
    if c.difference is None or c.low is None or c.high is None:
        return SafeString("")
    extent = max(abs(c.low), abs(c.high), abs(c.difference)) * 1.15 or 1.0

    def x(value: float) -> float:
        return round(MIDDLE + HALF * value / extent, 1)

    low, high = x(c.low), x(c.high)
    clear = "clear" if c.clear else "unclear"
    title = gettext("%(measure)s: %(against)s") % {
        "measure": gettext(c.measure.label).capitalize(),
        "against": gettext(against),
    }
    return format_html(
        '<svg class="interval {clear}" id="{id}" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="track" x1="{left}" x2="{right}" y1="{mid}" y2="{mid}"></line>'
        '<rect class="band" x="{low}" y="{by}" width="{bw}" height="{bh}" rx="7"></rect>'
        '<line class="zero" x1="{cx}" x2="{cx}" y1="4" y2="38"></line>'
        '<circle class="estimate" cx="{dx}" cy="{mid}" r="6"></circle>'
        '<text class="label" x="4" y="54">\u2190 {down}</text>'
        '<text class="label" x="{cx}" y="54" text-anchor="middle">{same}</text>'
        '<text class="label" x="{end}" y="54" text-anchor="end">{up} \u2192</text>'
        "</svg>",
        clear=clear,
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=interval_text(c, with_what),
        left=MIDDLE - HALF,
        right=MIDDLE + HALF,
        mid=BAND_Y + BAND_H / 2,
        low=low,
        by=BAND_Y,
        bw=max(round(high - low, 1), 2),
        bh=BAND_H,
        cx=MIDDLE,
        dx=x(c.difference),
        down=gettext(c.measure.down),
        up=gettext(c.measure.up),
        same=gettext("same"),
        end=WIDTH - 4,
    )


def _week_labels(weeks: list[Week]) -> list[str]:
    """ "1 Oct", "8", "15", ..., "5 Nov": the month only where it changes, so labels fit."""
    labels, month = [], 0
    for week in weeks:
        first = week.first
        labels.append(str(first.day) if first.month == month else str(date_format(first, "j M")))
        month = first.month
    return labels


def _week_spoken(week: Week) -> str:
    return gettext("the week from %(day)s") % {"day": date_format(week.first, "l j F")}


def _day_spoken(day: date) -> str:
    return str(date_format(day, "l j F"))


def _or_dash(fmt: Callable[[float], str]) -> Callable[[float], str]:
    """Print nothing-logged as a dash, so an empty week never reads as zero sleep."""
    return lambda v: fmt(v) if v else "\u2013"


def charts(overview: Overview) -> dict[str, SafeString]:
    """The page's bar charts: five weekly ones and the daily crying of the last 14 days."""
    weeks = overview.weeks
    labels = _week_labels(weeks)
    spoken = [_week_spoken(w) for w in weeks]
    n = len(weeks)
    span = ngettext("last %(n)s week", "last %(n)s weeks", n) % {"n": n}

    def weekly(
        values: list[float], chart_id: str, title: str, unit: str, fmt: Callable[[float], str]
    ) -> SafeString:
        return bar_chart(
            list(zip(labels, values, strict=True)),
            chart_id=chart_id,
            title=gettext("%(title)s, %(span)s") % {"title": title, "span": span},
            unit=unit,
            fmt=fmt,
            spoken_labels=spoken,
        )

    crying_days = [(str(d.day), round(overview.crying_by_day.get(d, 0.0))) for d in overview.days]
    return {
        "chart_sleep": weekly(
            [round(w.night_sleep_hours or 0, 1) for w in weeks],
            "ins-sleep-svg",
            gettext("Night sleep, average per night"),
            gettext("hours"),
            _or_dash(lambda v: f"{v:.1f}"),
        ),
        "chart_crying_weeks": weekly(
            [round(w.crying_minutes or 0) for w in weeks],
            "ins-crying-weeks-svg",
            gettext("Crying and fussing, average per day"),
            gettext("minutes"),
            lambda v: f"{v:.0f}",
        ),
        "chart_massage": weekly(
            [float(w.massage_days) for w in weeks],
            "ins-massage-svg",
            gettext("Days with a massage, per week"),
            gettext("days"),
            lambda v: f"{v:.0f}",
        ),
        "chart_stools": weekly(
            [float(w.stools) for w in weeks],
            "ins-stools-svg",
            gettext("Stools (dirty nappies), per week"),
            gettext("stools"),
            lambda v: f"{v:.0f}",
        ),
        "chart_gas": weekly(
            [float(w.gas) for w in weeks],
            "ins-gas-svg",
            gettext("Gas episodes, per week"),
            gettext("episodes"),
            lambda v: f"{v:.0f}",
        ),
        "chart_crying_days": bar_chart(
            crying_days,
            chart_id="ins-crying-days-svg",
            title=gettext("Crying and fussing per day, last %(n)s days")
            % {"n": len(overview.days)},
            unit=gettext("minutes"),
            fmt=lambda v: f"{v:.0f}",
            spoken_labels=[_day_spoken(d) for d in overview.days],
        ),
    }
