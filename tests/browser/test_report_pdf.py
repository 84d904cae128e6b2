"""A mother downloads the one-page PDF for the doctor in a real browser and it reads right.

She starts from the insights page's "PDF for the doctor" link, as she would before a check-up.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from firsttouch.babies.models import Baby
from firsttouch.tracking.models import Growth
from tests.cast import PASSWORD, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_LINK = re.compile(r"PDF for the doctor", re.IGNORECASE)


def test_download_the_pdf_for_the_doctor(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    baby = Baby.objects.create(
        family=alice.family, name="Zoë", birth_date=timezone.localdate() - timedelta(days=45)
    )
    Growth.objects.create(baby=baby, time=timezone.now() - timedelta(days=2), weight_g=4480)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/insights/{baby.pk}/")
    link = page.get_by_role("link", name=PDF_LINK)
    expect(link).to_be_visible()
    shot(page, "report-01-insights-link")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert re.fullmatch(r"firsttouch-zoë-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    reader = PdfReader(download.path())
    assert len(reader.pages) == 1
    words = " ".join(reader.pages[0].extract_text().split())
    assert "Zoë" in words
    assert "Parent's log for the doctor" in words
    assert "Age 6 weeks" in words
    assert "Latest weight: 4.48 kg" in words
    assert "not a diagnosis" in words
