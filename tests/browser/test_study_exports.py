"""A researcher exports a closed study's data in a real browser (desktop): she opens the
export page from the study, downloads the pseudonymised CSV files, and the export is listed
in the history; the page passes the axe check."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from playwright.sync_api import Page, expect

from firsttouch.programs.models import StaffRole
from firsttouch.studies import services
from firsttouch.studies.tests.helpers import make_organisation, make_recruiting_study
from tests.cast import PASSWORD
from tests.staff import current_code, device_for, make_staff

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


def test_a_researcher_downloads_the_csv_export(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    lab = make_organisation()
    study = make_recruiting_study(lab)
    enrolled = [services.enrol(study, {"parity": "first baby"}) for _ in range(3)]
    services.close_recruitment(study)
    rae = make_staff(lab, "rae@lab.test", "Rae Search", StaffRole.RESEARCHER)
    device = device_for(rae)

    log_in(page, "rae@lab.test", PASSWORD)
    page.goto(f"/staff/{lab.pk}/studies/{study.pk}/")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Export the data").click()
    expect(page.get_by_role("heading", name="Export the study's data")).to_be_visible()
    expect(page.get_by_text("No export yet.")).to_be_visible()
    problems = serious_violations(page)
    page.get_by_label("CSV files with a data dictionary (ZIP)").check()
    expect(page.get_by_label("Shift dates", exact=False)).to_be_checked()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the export").click()
    download = info.value
    assert download.suggested_filename == f"study-{study.pk}-csv.zip"
    with zipfile.ZipFile(download.path()) as archive:
        assert "README.txt" in archive.namelist()
        text = archive.read("participants.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["participant"] for r in rows] == [p.code for p in enrolled]
    assert [r["arm"] for r in rows] == [p.arm.name for p in enrolled]

    page.reload()
    history = page.get_by_role("region", name="Export history table")
    expect(history).to_contain_text("Rae Search")
    expect(history).to_contain_text("codes only")
    problems += serious_violations(page)
    shot(page, "studies-exports")
    assert not problems, "\n".join(problems)
