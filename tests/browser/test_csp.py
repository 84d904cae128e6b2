"""The Content Security Policy holds on every main page: no inline script or style is left for
the browser to refuse, and the scripts that moved to static files still work.

Chromium reports each refusal as a ``securitypolicyviolation`` event and a console error; both
are collected across navigations, so a single refused ``style=`` attribute fails the test.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from firsttouch.accounts.models import ApiToken
from firsttouch.massage.models import MassageSession
from firsttouch.portability.models import ImportJob, ImportSource, ImportState
from firsttouch.tracking.models import Nappy, Sleep
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any page script on every navigation (Playwright injects it outside the CSP).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


class Violations:
    """Every CSP refusal the browser reports on a page, by event or by console message."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        self.page.wait_for_load_state("load")
        self.collect()

    def collect(self) -> None:
        events = self.page.evaluate("window.__violations || []")
        self.found += [f"{self.page.url}: {event}" for event in events]
        self.page.evaluate("window.__violations = []")


def test_an_inline_style_would_be_caught(page: Page) -> None:
    """The listener works: an inline style attribute is refused and reported."""
    violations = Violations(page)
    violations.visit("/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_timeout(200)
    violations.collect()
    assert any("style-src" in v for v in violations.found), violations.found


def test_the_main_pages_break_no_rule_of_the_policy(page: Page) -> None:
    violations = Violations(page)
    violations.visit("/login/")
    violations.visit("/accounts/signup/")
    # The sign-up script (a static file now) still fills in the phone's time zone.
    expect(page.locator("#id_time_zone")).to_have_value("Europe/London")
    violations.visit("/admin/login/")

    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia", age_days=70)
    now = timezone.now()
    Sleep.objects.create(baby=mia, start=now - timedelta(hours=3), end=now - timedelta(hours=1))
    Nappy.objects.create(baby=mia, time=now - timedelta(minutes=30), wet=True)
    session = MassageSession.objects.create(
        baby=mia, routine_slug="bedtime-wind-down", started_at=now - timedelta(minutes=5)
    )
    ApiToken.issue(alice.user, "Phone")
    job = ImportJob.objects.create(
        family=alice.family, source=ImportSource.CSV, state=ImportState.DONE, total=3, processed=3
    )
    log_in(page, "alice@example.com", PASSWORD)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    violations.collect()
    for path in [
        "/",
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
        f"/insights/{mia.pk}/",
        "/wellbeing/",
        "/wellbeing/epds/",
        "/wellbeing/history/",
        "/selfcare/",
        "/lactation/log/",
        "/reminders/settings/",
        "/programs/sharing/",
        "/accounts/family/",
        f"/babies/{mia.pk}/edit/",
        "/data/export/",
        "/data/import/",
        f"/data/import/{job.pk}/",
        "/lactation/",
        "/reminders/",
        "/data/delete/",
        "/accounts/settings/",
    ]:
        violations.visit(path)

    # The confirm question moved from onsubmit="..." to data-confirm: saying no keeps the key.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_timeout(300)
    assert ApiToken.objects.filter(user=alice.user).count() == 1
    shot(page, "csp-settings")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("API key revoked.")).to_be_visible()
    assert not ApiToken.objects.filter(user=alice.user).exists()
    violations.collect()
    assert violations.found == []
