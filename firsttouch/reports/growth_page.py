"""The doctor's PDF, second page: the baby's measurements on the WHO growth charts.

The same readings and centile lines as the app's growth page (``tracking.growth_chart``), drawn
with fpdf2's lines: a chart per measure with the 3rd, 15th, 50th, 85th and 97th centile lines,
the baby's points joined in order, and the latest centile in words above it. Ages are
corrected for a baby born early, as on the app's charts. Without a recorded sex there is no
chart to draw on (the first page says why), and without a measurement there is nothing to
draw, so the page is added only when a chart has a point.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from firsttouch.core.pdf import CONTENT_W, INK, MARGIN, MUTED, RULE, Page
from firsttouch.tracking import growth
from firsttouch.tracking.growth_chart import BabyGrowth, MeasureGrowth, chart_scale

POINTS = (94, 61, 160)  # the baby's readings: the app's purple
CURVE = (150, 158, 166)
MEDIAN = (90, 98, 106)
CHART_H = 56.0  # the plot itself, in mm: three charts and their titles fill an A4 page
GUTTER = 9.0  # the value labels, left of the plot
LABELS = 9.0  # the centile names, right of the plot


def charts_to_draw(found: BabyGrowth | None) -> list[MeasureGrowth]:
    """The measures with at least one point on a chart of birth to 2 years."""
    if found is None or found.sex is None:
        return []
    return [m for m in found.measures if m.plotted]


def draw(pdf: Page, found: BabyGrowth, name: str) -> None:
    """A new page with a chart for each measured measure (see :func:`charts_to_draw`)."""
    assert found.sex is not None
    pdf.add_page()
    pdf.size(14, bold=True)
    pdf.cell(CONTENT_W, 7, _("%(name)s on the WHO growth charts") % {"name": name})
    pdf.ln(8)
    pdf.size(8.4, colour=MUTED)
    pdf.multi_cell(
        CONTENT_W,
        3.8,
        _(
            "Lines: the 3rd, 15th, 50th (darker), 85th and 97th centiles of the WHO Child "
            "Growth Standards for %(sex)s, birth to 2 years; points: the family's "
            "measurements, with the age corrected for a baby born before 37 weeks."
        )
        % {"sex": _("girls") if found.sex == "girls" else _("boys")},
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(2)
    for measure in charts_to_draw(found):
        _chart(pdf, measure, found.sex)
    pdf.size(7.2, colour=MUTED)
    pdf.multi_cell(
        CONTENT_W,
        3.3,
        _(
            "Source: WHO Multicentre Growth Reference Study Group, WHO Child Growth Standards "
            "(2006; head circumference 2007), the WHO's published LMS tables."
        ),
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _chart(pdf: Page, m: MeasureGrowth, sex: growth.Sex) -> None:
    top = pdf.get_y()
    scale = chart_scale(m, sex)  # lb and inches for an imperial family
    pdf.size(9.6, bold=True)
    pdf.cell(CONTENT_W, 4.6, f"{m.name} ({scale.unit})", new_x=XPos.LMARGIN)
    pdf.set_y(top + 4.8)
    pdf.size(8.2)
    latest = m.latest
    pdf.cell(CONTENT_W, 4, latest.sentence if latest else "", new_x=XPos.LMARGIN)

    low, high = scale.low, scale.high
    x0, x1 = MARGIN + GUTTER, MARGIN + CONTENT_W - LABELS
    y0, y1 = top + 11.0, top + 11.0 + CHART_H

    def x_of(day: float) -> float:
        return x0 + (x1 - x0) * day / growth.LAST_DAY

    def y_of(value: float) -> float:
        return y1 - (y1 - y0) * (value - low) / (high - low)

    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.15)
    pdf.size(6.6, colour=MUTED)
    for tick in scale.ticks:
        pdf.line(x0, y_of(tick), x1, y_of(tick))
        pdf.set_xy(MARGIN, y_of(tick) - 1.5)
        pdf.cell(GUTTER - 1.2, 3, f"{tick:g}", align="R")
    for month in range(0, 25, 3):
        x = x_of(month * growth.DAYS_PER_MONTH)
        pdf.line(x, y0, x, y1)
        pdf.set_xy(x - 4, y1 + 0.8)
        pdf.cell(8, 3, str(month), align="C")
    corrected = any(r.centile.corrected for r in m.readings)
    pdf.set_xy(x0, y1 + 3.8)
    pdf.cell(
        x1 - x0,
        3,
        _("Age in months (corrected)") if corrected else _("Age in months"),
        align="C",
    )

    for centile, curve in scale.curves:
        pdf.set_draw_color(*(MEDIAN if centile == 50 else CURVE))
        pdf.set_line_width(0.35 if centile == 50 else 0.22)
        pdf.polyline([(x_of(d), y_of(v)) for d, v in curve])
        pdf.size(6.4, colour=MUTED)
        pdf.set_xy(x1 + 0.8, y_of(curve[-1][1]) - 1.5)
        pdf.cell(LABELS - 0.8, 3, growth.ordinal(centile))

    points = [(x_of(day), y_of(value)) for day, value in scale.points]
    pdf.set_draw_color(*POINTS)
    pdf.set_fill_color(*POINTS)
    pdf.set_line_width(0.3)
    if len(points) > 1:
        pdf.polyline(points)
    radius = 0.9
    for x, y in points:
        pdf.ellipse(x - radius, y - radius, 2 * radius, 2 * radius, style="F")
    pdf.set_text_color(*INK)
    pdf.set_xy(MARGIN, y1 + 9.5)
