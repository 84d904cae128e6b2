"""A study in a real browser: a researcher opens a recruiting study and invites a mother who
shares with the research group; the mother reads the study, answers the eligibility questions
and agrees herself, and is enrolled; the completeness table then shows her baseline due.

Run in light and dark mode with the axe check on every page; screenshots are saved under
test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import StaffRole
from firsttouch.studies.models import Participant
from firsttouch.studies.tests.helpers import make_organisation, make_recruiting_study
from tests.cast import PASSWORD, make_member
from tests.staff import current_code, device_for, make_staff

from .conftest import PHONE, TIMEOUT_MS, log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mother_page(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """A second browser (her phone): the researcher stays logged in on the first."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, base_url=live_server.url
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_researcher_invites_a_mother_who_agrees_and_is_due_at_baseline(
    page: Page, mother_page: Page, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    mother_page.emulate_media(color_scheme=scheme)
    lab = make_organisation()
    study = make_recruiting_study(lab)
    alice = make_member("alice@example.com", "Alice")
    give_consent(alice.user, lab, {"screenings_mood"})
    rae = make_staff(lab, "rae@lab.test", "Rae Search", StaffRole.RESEARCHER)
    device = device_for(rae)

    log_in(page, "rae@lab.test", PASSWORD)
    page.goto(f"/staff/{lab.pk}/studies/")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Studies", exact=True)).to_be_visible()
    problems = serious_violations(page)
    page.get_by_role("link", name=study.title).click()
    expect(page.get_by_text("Recruited: 0 of 100")).to_be_visible()
    page.get_by_label("Her e-mail address").fill("alice@example.com")
    page.get_by_label("first baby").check()
    problems += serious_violations(page)
    shot(page, f"study-invite-{scheme}")
    page.get_by_role("button", name="Invite her").click()
    expect(page.get_by_text("Invitation made")).to_be_visible()

    log_in(mother_page, "alice@example.com", PASSWORD)
    mother_page.goto("/studies/")
    mother_page.get_by_role("link", name=study.title).click()
    expect(mother_page.get_by_text("We study whether daily massage helps.")).to_be_visible()
    mother_page.get_by_role("group", name="Is your baby under 8 weeks old?").get_by_label(
        "Yes"
    ).check()
    mother_page.get_by_role("group", name="Is your baby in intensive care now?").get_by_label(
        "No"
    ).check()
    mother_page.get_by_label("I have read the text above and agree to take part").check()
    problems += serious_violations(mother_page)
    shot(mother_page, f"study-agree-{scheme}")
    mother_page.get_by_role("button", name="I agree to take part").click()
    expect(mother_page.get_by_text(f"you are taking part in {study.title}")).to_be_visible()
    participant = Participant.objects.get()
    expect(mother_page.get_by_text(participant.code)).to_be_visible()
    problems += serious_violations(mother_page)
    shot(mother_page, f"study-enrolled-{scheme}")

    page.goto(f"/staff/{lab.pk}/studies/{study.pk}/completeness/")
    expect(page.get_by_text(f"Due: {participant.code}")).to_be_visible()
    problems += serious_violations(page)
    shot(page, f"study-completeness-{scheme}")
    assert problems == []
