"""A study's analysis report as a PDF, for the trial file and the statistician's review.

``studies.report`` decides every word and number; this module only lays them out on A4 pages
with the shared page of ``core.pdf`` (its font, headings and paragraphs, as in the baby's
summary), the tables with fpdf2's own ``table()``, which repeats a table's heading row when it
runs onto a new page. A report may take several pages: unlike the summary for a ten-minute
appointment, nothing here may be shrunk or left out. Each page's foot names the study and the
page, so a printed page that comes loose can be put back.

fpdf2 is heavy: the view imports this module when a PDF is asked for, never at start-up.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat
from django.utils.translation import gettext
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from firsttouch.core import pdf as page
from firsttouch.core.pdf import CONTENT_W, MARGIN, MUTED, RULE, Page

from .models import Study
from .report import AnalysisReport, Table

FOOT = 8.0  # the room kept for the page's foot


class _ReportPage(Page):
    def __init__(self, report: AnalysisReport) -> None:
        self.report = report
        super().__init__(bottom_margin=MARGIN + FOOT)

    def footer(self) -> None:
        self.set_y(-(MARGIN + FOOT / 2))
        self.size(7, colour=MUTED)
        title = gettext("%(title)s · analysis report") % {"title": self.report.title}
        self.cell(CONTENT_W * 0.8, 4, title)
        # "{nb}" is fpdf's own placeholder for the page count, filled in when the PDF is written.
        pages = gettext("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(CONTENT_W * 0.2, 4, pages, align="R")


def disposition(study: Study, day: date) -> str:
    """ "firsttouch-massage-and-attachment-analysis-2026-12-02.pdf", safe whatever the title."""
    return page.disposition(f"{study.title} analysis", day, fallback="study-analysis")


def render_report(report: AnalysisReport, generated: datetime) -> bytes:
    """The report on as many pages as it takes, as bytes."""
    pdf = _ReportPage(report)
    pdf.set_title(gettext("%(title)s: analysis report") % {"title": report.title})
    _header(pdf, report, generated)

    pdf.heading(gettext("Analysis plan"))
    for sentence in report.plan:
        pdf.paragraph(sentence, bullet=True)
    pdf.heading(gettext("Analysis set"))
    pdf.paragraph(report.analysis_set)

    if report.notice:
        pdf.heading(gettext("While recruiting") if report.concealed else gettext("Participants"))
        pdf.paragraph(report.notice)
        for sentence in report.totals if report.concealed else ():
            pdf.paragraph(sentence, bullet=True)
        if report.problem:
            pdf.paragraph(report.problem)
        return bytes(pdf.output())

    pdf.heading(gettext("Participant flow (CONSORT)"))
    for table in (report.enrolment, report.flow):
        if table is not None:
            _table(pdf, table)

    pdf.heading(gettext("Results"))
    if report.problem:
        pdf.paragraph(report.problem)
    for result in report.results:
        _subheading(pdf, result.title)
        for fact in result.facts:
            pdf.paragraph(fact, bullet=True)
        for table in result.tables:
            _table(pdf, table)
        if result.warnings:
            _subheading(pdf, gettext("Warnings from statsmodels, word for word"))
            for warning in result.warnings:
                pdf.paragraph(warning, bullet=True)
        _subheading(pdf, gettext("Method"))
        pdf.paragraph(result.method)
    return bytes(pdf.output())


def _header(pdf: Page, report: AnalysisReport, generated: datetime) -> None:
    pdf.size(15, bold=True)
    pdf.multi_cell(CONTENT_W, 7, report.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    registration = (
        gettext("Registration %(id)s") % {"id": report.registration_id}
        if report.registration_id
        else gettext("Not registered")
    )
    pdf.size(8.5, colour=MUTED)
    pdf.cell(
        CONTENT_W,
        4.6,
        gettext("Analysis report  ·  %(status)s  ·  %(registration)s  ·  Generated %(when)s")
        % {
            "status": report.status,
            "registration": registration,
            "when": dateformat.format(generated, "j M Y, H:i"),
        },
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1)


def _subheading(pdf: Page, text: str) -> None:
    pdf.ln(1.2)
    pdf.size(9.2, bold=True)
    pdf.multi_cell(CONTENT_W, 4.6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: Page, table: Table) -> None:
    """The caption, then the table: row labels left and wide, the numbers right-aligned."""
    pdf.ln(1.2)
    pdf.size(8.2, bold=True)
    pdf.multi_cell(CONTENT_W, 4.2, table.caption, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    columns = len(table.head)
    pdf.size(7.8)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    with pdf.table(
        width=CONTENT_W,
        col_widths=(2.6, *([1.0] * (columns - 1))),
        text_align=("LEFT", *(["RIGHT"] * (columns - 1))),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD"),
        line_height=3.8,
        padding=0.8,
    ) as drawn:
        for cells in (table.head, *table.rows):
            row = drawn.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(1)
