"""axe-core finds no serious accessibility problems on the mood, self-care and lactation pages,
in light and dark mode."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from firsttouch.lactation.models import LactationSession
from firsttouch.selfcare import services
from tests.cast import PASSWORD, make_member

from .conftest import log_in, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_mother_pages_have_no_serious_violations(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice")
    today = timezone.localdate()
    services.set_mood(alice.user, today, 2)
    services.set_self_care(alice.user, today, sun=True, sleep_hours=5)
    services.set_symptoms(alice.user, today, anxiety=True, low_energy=True, extreme_sadness=True)
    session = LactationSession.objects.create(
        user=alice.user,
        side="left",
        started_at=timezone.now() - timedelta(minutes=10),
        temperature_c=39,
        lump=True,
        lump_hours=30,
    )
    log_in(page, "alice@example.com", PASSWORD)
    problems: list[str] = []
    for path in [
        "/selfcare/",
        "/lactation/",
        "/lactation/log/",
        "/lactation/history/",
        f"/lactation/session/{session.pk}/",
        f"/lactation/session/{session.pk}/edit/",
        f"/lactation/session/{session.pk}/delete/",
    ]:
        page.goto(path)
        problems += serious_violations(page)
    page.goto("/lactation/log/")
    shot(page, f"lactation-00-log-form-{scheme}")
    assert problems == []
