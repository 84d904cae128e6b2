"""The one-page PDF for the paediatrician or GP, drawn with fpdf2 (pure Python).

``report_data`` (data.py) decides what the page says; this module only lays it out on one A4
page: who the baby is and which weeks the page covers, four small charts drawn from the
numbers with fpdf2's rectangles and lines (no image library, no browser), the sentences of
the insights page, and a footer saying it is a parent's log, not a diagnosis.

The text is set in DejaVu Sans, bundled in ``core/fonts/`` with its licence (the page is
``core.pdf``'s, shared with the study report), so a name like "Łucja" or "Zoë" prints as
written; fpdf2 embeds only the glyphs used (subsetting), which keeps the file small. If a
long set of sentences would spill onto a second page, the page is laid out again with a
slightly smaller type until it fits: a summary for a ten-minute appointment is one page. The
growth charts, when the baby has been measured, follow on a second page (growth_page.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, ngettext
from fpdf.enums import XPos, YPos

from firsttouch.babies.models import Baby
from firsttouch.core import pdf as page
from firsttouch.core.pdf import CONTENT_W, INK, MARGIN, MUTED, PAGE_H, RULE, Page

from . import growth_page
from .data import DEFAULT_WEEKS, ReportData, report_data, short_date

FOOTER_H = 14.0  # reserved at the bottom for the footer
SCALES = (1.0, 0.93, 0.86, 0.8, 0.74)  # tried in turn until the page fits

SLEEP = (61, 110, 160)
CRYING = (196, 112, 48)
MASSAGE = (52, 140, 120)
STOOLS = (140, 106, 74)
ALERT_BG = (253, 240, 228)

FOOTER = gettext_lazy(
    "This is a parent's log kept in the firsttouch app, not a diagnosis. The figures are "
    "what the family logged (days without entries are gaps, not zeros) and the "
    "comparisons show associations, not causes."
)


def baby_summary_pdf(
    baby: Baby, tz: tzinfo, now: datetime | None = None, *, weeks: int = DEFAULT_WEEKS
) -> bytes:
    """The PDF for ``baby`` (already fetched through the family scope), as bytes."""
    return render(report_data(baby, tz, now or timezone.now(), weeks=weeks))


def filename(data_name: str, day: date) -> str:
    """ "firsttouch-łucja-2026-11-25.pdf": the baby's name as written, and the date."""
    return page.filename(data_name, day, fallback="baby")


def disposition(name: str, day: date) -> str:
    """An attachment header that survives a non-ASCII name (RFC 6266 ``filename*``)."""
    return page.disposition(name, day, fallback="baby")


def render(data: ReportData) -> bytes:
    """Lay ``data`` out on one page, shrinking the type if needed (the last try is kept),
    then the growth charts on a page of their own when there is a measurement to draw."""
    pdf = _layout(data, SCALES[0])
    for scale in SCALES[1:]:
        if pdf.page_no() == 1:
            break
        pdf = _layout(data, scale)
    if data.growth_charts is not None and growth_page.charts_to_draw(data.growth_charts):
        growth_page.draw(pdf, data.growth_charts, data.name)
        _footer(pdf)
    return bytes(pdf.output())


@dataclass(frozen=True)
class Chart:
    title: str
    values: Sequence[float | None]
    colour: tuple[int, int, int]
    fmt: Callable[[float], str]
    empty: str
    summary: str


class _Page(Page):
    """The shared page (``core.pdf``) with the footer's room kept free at the bottom."""

    def __init__(self, scale: float) -> None:
        super().__init__(scale, bottom_margin=MARGIN + FOOTER_H)


def _layout(data: ReportData, scale: float) -> _Page:
    pdf = _Page(scale)
    name = data.name
    pdf.set_title(gettext("%(name)s: parent's log for the doctor") % {"name": name})
    _header(pdf, data)
    if data.red_flags:
        # First on the page: what a doctor must not miss (issue 9).
        pdf.heading(gettext("Red flags logged"))
        for text in data.red_flags:
            _boxed(pdf, text)
    _charts(pdf, data)

    pdf.heading(gettext("Feeds, nappies and growth"))
    for text in data.feeds + data.nappies + data.growth:
        pdf.paragraph(text, bullet=True)

    pdf.heading(gettext("Massage"))
    for text in data.massage:
        pdf.paragraph(text, bullet=True)

    # baby_insights reads up to a year back: "since" the first day it found.
    since = (
        gettext(" (log since %(date)s)") % {"date": short_date(data.log_since)}
        if data.log_since
        else ""
    )
    pdf.heading(gettext("With and without an evening massage") + since)
    for text in [*data.comparisons, data.onset_sentence]:
        pdf.paragraph(text, bullet=True)

    pdf.heading(gettext("Crying pattern") + since)
    if data.colic_matches:
        _boxed(pdf, data.colic_sentences[0])
        rest = data.colic_sentences[1:]
    else:
        rest = data.colic_sentences
    for text in [*rest, data.crying_context]:
        pdf.paragraph(text, bullet=True)

    _footer(pdf)
    return pdf


def _header(pdf: _Page, data: ReportData) -> None:
    pdf.size(17, bold=True)
    pdf.cell(CONTENT_W * 0.7, 8 * pdf.scale, data.name)
    pdf.size(8.5, colour=MUTED)
    pdf.cell(
        CONTENT_W * 0.3,
        8 * pdf.scale,
        gettext("Parent's log for the doctor"),
        align="R",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    facts = [
        gettext("Born %(date)s") % {"date": short_date(data.birth_date)},
        gettext("Age %(age)s") % {"age": data.age},
    ]
    if data.corrected_age:
        facts.append(gettext("Corrected age %(age)s") % {"age": data.corrected_age})
    if data.born_at:
        facts.append(data.born_at.capitalize())
    pdf.size(9.5)
    pdf.cell(CONTENT_W, 5 * pdf.scale, "  ·  ".join(facts), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if len(data.days) == data.weeks * 7:
        weeks = ngettext("last %(n)d week", "last %(n)d weeks", data.weeks) % {"n": data.weeks}
    else:
        weeks = gettext("since birth")
    period = ngettext(
        "Covers %(first)s – %(last)s (%(weeks)s, %(n)d day)",
        "Covers %(first)s – %(last)s (%(weeks)s, %(n)d days)",
        len(data.days),
    ) % {
        "first": short_date(data.first_day),
        "last": short_date(data.last_day),
        "weeks": weeks,
        "n": len(data.days),
    }
    generated = gettext("Generated %(date)s, %(time)s (%(zone)s)") % {
        "date": short_date(data.generated.date()),
        "time": f"{data.generated:%H:%M}",
        "zone": data.zone_name,
    }
    pdf.size(8.5, colour=MUTED)
    pdf.cell(
        CONTENT_W, 4.6 * pdf.scale, f"{period}  ·  {generated}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(1)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.line_at(pdf.get_y())
    pdf.ln(2)
    if not data.logged_anything:
        pdf.size(10, bold=True)
        pdf.multi_cell(
            CONTENT_W,
            5,
            ngettext(
                "Nothing has been logged for %(name)s in this %(n)d day yet, so the charts "
                "are empty.",
                "Nothing has been logged for %(name)s in these %(n)d days yet, so the charts "
                "are empty.",
                len(data.days),
            )
            % {"name": data.name, "n": len(data.days)},
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(1)


def _average(values: Sequence[float | None]) -> float | None:
    logged = [v for v in values if v is not None]
    return sum(logged) / len(logged) if logged else None


def _charts(pdf: _Page, data: ReportData) -> None:
    nights = data.night_sleep_hours
    night_avg = _average(nights)
    logged_nights = sum(1 for v in nights if v is not None)
    crying = data.crying_minutes
    crying_days = [c for c in crying if c]
    stools = data.stools
    massage_days = sum(1 for m in data.massages if m)
    charts = [
        Chart(
            gettext("Night sleep (hours)"),
            nights,
            SLEEP,
            lambda v: f"{v:.1f}",
            gettext("No night sleep logged."),
            ngettext(
                "%(n)d night logged, average %(hours)s h",
                "%(n)d nights logged, average %(hours)s h",
                logged_nights,
            )
            % {"n": logged_nights, "hours": f"{night_avg:.1f}"}
            if night_avg is not None
            else "",
        ),
        Chart(
            gettext("Crying and fussing per day (minutes)"),
            [c or None for c in crying],
            CRYING,
            lambda v: f"{v:.0f}",
            gettext("No crying logged."),
            ngettext(
                "%(n)d day with crying, average %(minutes)s min on those days",
                "%(n)d days with crying, average %(minutes)s min on those days",
                len(crying_days),
            )
            % {"n": len(crying_days), "minutes": f"{sum(crying_days) / len(crying_days):.0f}"}
            if crying_days
            else "",
        ),
        Chart(
            gettext("Dirty nappies (stools) per day"),
            [float(s) if s else None for s in stools],
            STOOLS,
            lambda v: f"{v:.0f}",
            gettext("No stools logged."),
            gettext("%(stools)d stools in %(days)d days, %(rate)s a day on days with one")
            % {
                "stools": sum(stools),
                "days": len(stools),
                "rate": f"{sum(stools) / sum(1 for s in stools if s):.1f}",
            }
            if any(stools)
            else "",
        ),
    ]
    gap = 6.0
    width = (CONTENT_W - gap) / 2
    height = 40.0 * pdf.scale
    top = pdf.get_y()
    _bar_chart(pdf, MARGIN, top, width, height, charts[0], data.days)
    _bar_chart(pdf, MARGIN + width + gap, top, width, height, charts[1], data.days)
    top += height + 3
    _massage_calendar(
        pdf,
        MARGIN,
        top,
        width,
        height,
        data.days,
        data.massages,
        gettext("Massage days: %(n)d of %(days)d") % {"n": massage_days, "days": len(data.days)},
    )
    _bar_chart(pdf, MARGIN + width + gap, top, width, height, charts[2], data.days)
    pdf.set_xy(MARGIN, top + height + 1)


def _bar_chart(
    pdf: _Page, x: float, y: float, w: float, h: float, chart: Chart, days: Sequence[date]
) -> None:
    """Bars for each day, the peak on the axis, a dashed average, a date every week."""
    pdf.size(8.6, bold=True)
    pdf.set_xy(x, y)
    pdf.cell(w, 4, chart.title)
    pdf.size(7, colour=MUTED)
    pdf.set_xy(x, y + 4)
    pdf.cell(w, 3.2, chart.summary or " ")
    gutter = 7.0
    plot_x, plot_w = x + gutter, w - gutter
    plot_top, plot_bottom = y + 9.5, y + h - 5.0
    plot_h = plot_bottom - plot_top
    values = list(chart.values)
    logged = [v for v in values if v is not None]
    peak = max(logged, default=0.0)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.line(plot_x, plot_bottom, plot_x + plot_w, plot_bottom)
    if not logged or peak <= 0:
        pdf.size(8, colour=MUTED)
        pdf.set_xy(plot_x, plot_top + plot_h / 2 - 2)
        pdf.cell(plot_w, 4, chart.empty, align="C")
        _day_labels(pdf, plot_x, plot_w, plot_bottom, days)
        return
    pdf.line(plot_x, plot_top, plot_x + plot_w, plot_top)
    pdf.size(6.5, colour=MUTED)
    pdf.set_xy(x, plot_top - 1.5)
    pdf.cell(gutter - 1, 3, chart.fmt(peak), align="R")
    pdf.set_xy(x, plot_bottom - 1.5)
    pdf.cell(gutter - 1, 3, "0", align="R")
    slot = plot_w / max(len(values), 1)
    bar = max(slot * 0.72, 0.4)
    pdf.set_fill_color(*chart.colour)
    for i, value in enumerate(values):
        if value is None or value <= 0:
            continue
        bar_h = plot_h * value / peak
        pdf.rect(plot_x + i * slot + (slot - bar) / 2, plot_bottom - bar_h, bar, bar_h, style="F")
    average = _average(values)
    if average is not None and len(logged) > 1:
        ay = plot_bottom - plot_h * average / peak
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.25)
        with pdf.local_context():
            pdf.set_dash_pattern(dash=1.2, gap=0.8)
            pdf.line(plot_x, ay, plot_x + plot_w, ay)
        if ay - plot_top > 3 and plot_bottom - ay > 3:  # clear of the peak and 0 labels
            pdf.size(6.5, colour=INK)
            pdf.set_xy(x, ay - 1.5)
            pdf.cell(gutter - 1, 3, "avg", align="R")
    _day_labels(pdf, plot_x, plot_w, plot_bottom, days)


def _day_labels(pdf: _Page, x: float, w: float, bottom: float, days: Sequence[date]) -> None:
    """The date under the first day of each week (and the last day) of the period."""
    if not days:
        return
    slot = w / len(days)
    pdf.size(6.5, colour=MUTED)
    marks = list(range(0, len(days), 7))
    for i in marks:
        label = f"{days[i].day} {days[i]:%b}"
        pdf.set_xy(x + i * slot, bottom + 0.6)
        pdf.cell(slot * 6, 3, label)


def _massage_calendar(
    pdf: _Page,
    x: float,
    y: float,
    w: float,
    h: float,
    days: Sequence[date],
    massages: Sequence[int],
    title: str,
) -> None:
    """One square per day, a week to a row: filled on days with a massage."""
    pdf.size(8.6, bold=True)
    pdf.set_xy(x, y)
    pdf.cell(w, 4, title)
    pdf.size(7, colour=MUTED)
    pdf.set_xy(x, y + 4)
    pdf.cell(w, 3.2, gettext("Filled: at least one massage that day; the number is the date."))
    rows = max((len(days) + 6) // 7, 1)
    top = y + 9.5
    label_w = 13.0
    cell = min((w - label_w) / 7, (h - 10.5) / rows)
    square = cell * 0.86
    pdf.set_line_width(0.25)
    for i, (day, count) in enumerate(zip(days, massages, strict=True)):
        row, col = divmod(i, 7)
        cx = x + label_w + col * cell
        cy = top + row * cell
        if col == 0:
            pdf.size(6.5, colour=MUTED)
            pdf.set_xy(x, cy + square / 2 - 1.5)
            pdf.cell(label_w - 1, 3, date_format(day, "M"), align="R")
        pdf.set_draw_color(*MASSAGE)
        if count:
            pdf.set_fill_color(*MASSAGE)
            pdf.rect(cx, cy, square, square, style="DF")
            pdf.size(6.5, colour=(255, 255, 255))
        else:
            pdf.rect(cx, cy, square, square, style="D")
            pdf.size(6.5, colour=MUTED)
        pdf.set_xy(cx, cy + square / 2 - 1.5)
        pdf.cell(square, 3, str(day.day), align="C")


def _boxed(pdf: _Page, text: str) -> None:
    """A sentence on a tinted band so it is not missed (red flags, the colic sentence)."""
    pdf.size(9, bold=True)
    pdf.set_fill_color(*ALERT_BG)
    pdf.multi_cell(
        CONTENT_W,
        4.6 * pdf.scale,
        text,
        fill=True,
        padding=1,
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(0.8)


def _footer(pdf: _Page) -> None:
    """At the foot of the page whatever the content above; never starts a new page."""
    pdf.set_auto_page_break(False)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    top = PAGE_H - MARGIN - FOOTER_H + 2
    pdf.line_at(top)
    pdf.set_xy(MARGIN, top + 1.2)
    pdf.size(7.6, colour=MUTED)
    pdf.multi_cell(CONTENT_W, 3.5, str(FOOTER), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
