"""A note typed like a spreadsheet formula is downloaded as text, and the page says why."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.tracking.models import Note
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = '=HYPERLINK("http://evil.example/","Click")'


def test_a_formula_in_a_note_is_downloaded_as_text(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    mia = make_baby(alice.family, "Mia", age_days=60)
    Note.objects.create(baby=mia, time=timezone.now() - timedelta(minutes=5), notes=LINK)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/data/export/")
    expect(page.locator("#csv-formulas")).to_contain_text("written with a ' in front")
    shot(page, "portability-02-export-formulas")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV files (ZIP)").click()
    with zipfile.ZipFile(info.value.path()) as archive:
        text = archive.read("note.csv").decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["notes"] == "'" + LINK
