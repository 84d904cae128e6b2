"""The one PDF page: an A4 fpdf2 page set in the bundled DejaVu Sans, for every PDF we draw.

The baby's summary for the doctor (``reports.pdf``) and a study's analysis report
(``studies.report_pdf``) share the page, its type, its headings and paragraphs, and the way a
download is named, so the two read alike and the fonts are loaded from one place. What each
PDF says and how it is laid out stays in its own app.

fpdf2 (with fontTools) is heavy: import this module where a PDF is drawn, never at start-up
(tests/test_startup_imports.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 13.0
CONTENT_W = PAGE_W - 2 * MARGIN

INK = (34, 38, 43)
MUTED = (96, 104, 112)
RULE = (200, 205, 210)


def filename(name: str, day: date, fallback: str) -> str:
    """ "firsttouch-łucja-2026-11-25.pdf": the name as written (``fallback`` when it has no
    letters to keep), and the date."""
    return f"firsttouch-{slugify(name, allow_unicode=True) or fallback}-{day.isoformat()}.pdf"


def disposition(name: str, day: date, fallback: str) -> str:
    """An attachment header that survives a non-ASCII name (RFC 6266 ``filename*``)."""
    return content_disposition_header(True, filename(name, day, fallback)) or "attachment"


class Page(FPDF):
    """An A4 document with the bundled font; ``scale`` shrinks every size of one layout
    attempt (the baby's summary tries smaller type until it fits one page)."""

    def __init__(self, scale: float = 1.0, *, bottom_margin: float = MARGIN) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.scale = scale
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=bottom_margin)
        self.set_creator("firsttouch")
        # The document's language, for screen readers: the one the page is drawn in.
        self.set_lang(translation.get_language() or "en")
        self.add_page()

    def size(self, points: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(FONT, "B" if bold else "", points * self.scale)
        self.set_text_color(*colour)

    @property
    def lh(self) -> float:
        """The body text's line height at this scale."""
        return 3.9 * self.scale

    def paragraph(self, text: str, *, bullet: bool = False, indent: float = 0) -> None:
        self.size(8.6)
        if bullet:
            self.set_x(MARGIN + indent)
            self.cell(3.5, self.lh, "•")
            self.multi_cell(
                CONTENT_W - indent - 3.5,
                self.lh,
                text,
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        else:
            self.set_x(MARGIN + indent)
            self.multi_cell(
                CONTENT_W - indent, self.lh, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    def heading(self, text: str) -> None:
        self.ln(1.6 * self.scale)
        self.size(10.5, bold=True)
        self.cell(CONTENT_W, 5.2 * self.scale, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line_at(self.get_y())
        self.ln(0.8 * self.scale)

    def line_at(self, y: float) -> None:
        self.line(MARGIN, y, PAGE_W - MARGIN, y)
