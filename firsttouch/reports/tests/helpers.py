"""Reading a rendered PDF back: its pages and its text, whitespace folded."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def text(pdf: bytes) -> str:
    """All the text, with line breaks and runs of spaces folded into one space.

    A sentence wrapped over two lines then reads as one, so a test can look for it whole.
    """
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def text_of_page(pdf: bytes, index: int) -> str:
    """One page's text (``index`` from 0), whitespace folded like :func:`text`."""
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[index].extract_text().split())
