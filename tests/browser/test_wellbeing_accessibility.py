"""axe-core finds no serious accessibility problems on the wellbeing and sharing pages, with
the safety block showing, in light and dark mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Organisation
from firsttouch.wellbeing import services
from tests.cast import PASSWORD, make_member

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORWARD = {1, 2, 4}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_wellbeing_pages_have_no_serious_violations(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice", time_zone="America/New_York")
    chosen = {str(i): 0 if i in FORWARD else 3 for i in range(1, 10)} | {"10": 1}
    done = services.submit(alice.user, alice.family, "epds", chosen, finish=True)
    clinic = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    share = give_consent(alice.user, clinic, {"screenings_mood"})
    log_in(page, "alice@example.com", PASSWORD)
    problems: list[str] = []
    for path in [
        "/wellbeing/",
        f"/wellbeing/checks/{done.pk}/",
        "/wellbeing/history/",
        "/programs/sharing/",
        f"/programs/sharing/{share.pk}/stop/",
    ]:
        page.goto(path)
        problems += serious_violations(page)
    page.goto("/wellbeing/epds/")
    page.locator("#q-10").get_by_label("Sometimes").check()
    page.locator("#safety-live").wait_for(state="visible")
    problems += serious_violations(page)
    assert problems == []
