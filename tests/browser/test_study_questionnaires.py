"""A participant finds the questionnaires her study asks for on her phone: her studies page
says what is due now, the link opens the questionnaire, and once she has finished it the
study has her assessment and the page no longer asks for it.

Light and dark mode, with the axe check on the studies page; screenshots are saved under
test-artifacts/screenshots/.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from firsttouch.programs.consent import give_consent
from firsttouch.studies import services
from firsttouch.studies.models import Assessment
from firsttouch.studies.tests.helpers import ELIGIBILITY, ELIGIBLE, make_organisation, make_study
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEDULE = [
    {"key": "baseline", "label": "Baseline", "day": 0, "after": 3,
     "instruments": ["demo-bonding", "epds", "baby_logs"]},
    {"key": "week4", "label": "Week 4", "day": 28, "before": 7, "after": 7,
     "instruments": ["demo-bonding", "baby_logs"]},
]  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_she_opens_the_questionnaire_due_now_from_her_studies_page(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    call_command(
        "import_instrument", str(INSTRUMENTS_DIR / "demo-bonding.fhir.json"), stdout=StringIO()
    )
    lab = make_organisation()
    study = make_study()
    services.change_protocol(
        study,
        organisation=lab,
        eligibility=ELIGIBILITY,
        schedule=SCHEDULE,
        consent_text="We study massage and bonding, with a summary of your baby's logs.",
        consent_version="1",
        analysis_design="repeated",
        outcome_instrument="demo-bonding",
        control_arm="usual care",
    )
    services.open_recruitment(study)
    alice = make_member("alice@example.com", "Alice")
    make_baby(alice.family, "Mia", age_days=30)
    give_consent(alice.user, lab, {"screenings_mood"})
    participant = services.enrol_caregiver(
        study, alice.user, ELIGIBLE, {"parity": "first baby"}, "1"
    )

    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/studies/")
    due = page.get_by_role("list", name=f"Due now for {study.title}")
    expect(due.get_by_role("listitem")).to_have_count(2)  # the logs summary asks nothing
    expect(due).to_contain_text("Due now: Demo bonding (Baseline")
    expect(due).to_contain_text("Due now: EPDS (Baseline")
    problems = serious_violations(page)
    shot(page, f"study-due-01-{scheme}")

    due.get_by_role("link", name="Start Demo bonding").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Demo bonding check")
    for item in ("1", "2", "3", "4"):
        page.locator(f"#q-{item}").get_by_label("Often").check()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()

    (assessment,) = Assessment.objects.filter(participant=participant)
    assert (assessment.time_point, assessment.instrument) == ("baseline", "demo-bonding")

    page.goto("/studies/")
    due = page.get_by_role("list", name=f"Due now for {study.title}")
    expect(due.get_by_role("listitem")).to_have_count(1)
    expect(due).not_to_contain_text("Demo bonding")
    expect(due.get_by_role("link", name="Start EPDS")).to_have_attribute("href", "/wellbeing/epds/")
    problems += serious_violations(page)
    shot(page, f"study-due-02-{scheme}")
    assert not problems, "\n".join(problems)
