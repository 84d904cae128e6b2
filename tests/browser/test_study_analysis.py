"""A study's analysis report in a real browser, at a desk: a researcher who has passed the
second factor opens a closed study from its page, follows the link to the analysis report and
reads the CONSORT table and the arm effect with its 95 % CI, then downloads the PDF. Axe-clean
in light and dark mode; screenshots under test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from firsttouch.programs.models import StaffRole
from firsttouch.studies import report
from firsttouch.studies.analysis import ITT
from firsttouch.studies.dataset import analyse, study_data
from firsttouch.studies.tests.helpers import make_analysed_study, make_organisation
from tests.cast import PASSWORD, make_member
from tests.staff import current_code, device_for, make_staff

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_researcher_reads_the_flow_and_the_effect_of_a_closed_study(
    page: Page, scheme: str
) -> None:
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme=scheme)
    lab = make_organisation()
    study = make_analysed_study(lab, make_member("alice@example.com", "Alice"))
    (mixed,) = analyse(study_data(study)).results
    effect = mixed.arm_effects[-1]
    rae = make_staff(lab, "rae@lab.test", "Rae Search", StaffRole.RESEARCHER)
    device = device_for(rae)

    log_in(page, "rae@lab.test", PASSWORD)
    page.goto(f"/staff/{lab.pk}/studies/{study.pk}/")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Analysis report").click()

    expect(page.get_by_role("heading", name="Analysis report", exact=True)).to_be_visible()
    flow = page.get_by_role("table", name="Allocation, follow-up and analysis per arm")
    expect(flow.get_by_role("columnheader", name="usual care (control)")).to_be_visible()
    allocated = flow.get_by_role("row", name="Allocated")
    expect(allocated.get_by_role("cell").last).to_have_text("24")
    row = page.get_by_role("row", name=f"{effect.arm} at {effect.time}")
    expect(row.get_by_role("cell").nth(0)).to_have_text(report.number(effect.difference.estimate))
    expect(row.get_by_role("cell").nth(1)).to_have_text(report.interval(effect.difference))
    expect(page.get_by_text(ITT)).to_be_visible()
    problems = serious_violations(page)
    shot(page, f"study-analysis-{scheme}")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download this report as a PDF").click()
    name = info.value.suggested_filename
    assert re.fullmatch(r"firsttouch-massage-and-attachment-analysis-\d{4}-\d{2}-\d{2}\.pdf", name)
    assert problems == []
