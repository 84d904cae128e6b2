"""axe-core (bundled by axe-playwright-python) finds no serious accessibility problems on the
pages a caregiver uses, in light and dark mode."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Nappy, Sleep
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_violations(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    problems = serious_violations(page.goto("/login/") and page)
    page.goto("/accounts/signup/")
    problems += serious_violations(page)

    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia", age_days=70)
    now = timezone.now()
    Sleep.objects.create(baby=mia, start=now - timedelta(hours=3), end=now - timedelta(hours=1))
    Nappy.objects.create(baby=mia, time=now - timedelta(minutes=30), wet=True)
    session = MassageSession.objects.create(
        baby=mia, routine_slug="bedtime-wind-down", started_at=now - timedelta(minutes=5)
    )
    log_in(page, "alice@example.com", PASSWORD)
    for path in [
        f"/baby/{mia.pk}/",
        "/log/",
        "/log/feed/new/",
        "/log/sleep/",
        "/massage/",
        "/massage/bedtime-wind-down/",
        "/massage/bedtime-wind-down/start/",
        f"/massage/session/{session.pk}/play/",
        f"/massage/session/{session.pk}/log/",
        "/massage/log/",
        "/massage/device/",
        "/accounts/family/",
        "/accounts/settings/",
    ]:
        page.goto(path)
        problems += serious_violations(page)
    assert problems == []
