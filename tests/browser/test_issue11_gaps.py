"""Issue 11's review list, in a real browser on a phone: what families and staff now see."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.programs import audit
from firsttouch.programs.models import Organisation
from tests.cast import PASSWORD, make_member
from tests.staff import make_staff

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_her_sharing_page_names_a_study_read(page: Page) -> None:
    """Gap 4: a study's read of her data is listed as "Study follow-up", not an empty line."""
    alice = make_member("alice@example.com", "Alice")
    unit = Organisation.objects.create(name="Riverside research unit", contact_email="r@r.test")
    researcher = make_staff(unit, "rita@river.test", "Rita Researcher")
    audit.record_access(
        staff=researcher,
        organisation=unit,
        family=alice.family,
        categories={"study"},
        what="study participant P-001",
        why="study follow-up",
    )
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/programs/sharing/")
    reads = page.locator("#reads-h").locator("xpath=..")
    expect(reads.get_by_text("Study follow-up (study follow-up)")).to_be_visible()
    problems = serious_violations(page)
    shot(page, "sharing-study-read")
    assert problems == []
