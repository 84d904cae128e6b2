"""A family member cannot make the server import from its own network unless it is allowed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from firsttouch.portability.models import ImportJob
from firsttouch.portability.tests.fake_babybuddy import KEY, FakeBabyBuddy, sample
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server() -> Iterator[FakeBabyBuddy]:
    yield from FakeBabyBuddy().serve()


def test_a_local_address_is_refused_by_default_with_the_one_message(
    page: Page, server: FakeBabyBuddy
) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    server.data = sample(make_baby(alice.family, "Mia", age_days=60).birth_date, nights=3)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/data/import/")
    expect(page.locator("#import-reach")).to_contain_text("only imports from a Baby Buddy on the")
    # The long setting name wraps on a phone instead of widening the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for address in (server.url, "http://[::1]:9", "http://169.254.169.254"):
        page.get_by_label("Baby Buddy address").fill(address)
        page.get_by_label("Baby Buddy API key").fill(KEY)
        page.get_by_role("button", name="Check and import").click()
        error = page.locator("#api_base_url_error")
        expect(error).to_contain_text("Could not reach")
        expect(error).to_contain_text("not from a private or local network")
    expect(page.get_by_label("Baby Buddy address")).to_have_attribute(
        "aria-describedby", "api_base_url_helptext api_base_url_error"
    )
    shot(page, "import-05-private-refused")
    assert not server.requests
    assert not ImportJob.objects.exists()


def test_a_household_that_allows_its_own_network_imports_from_it(
    page: Page, server: FakeBabyBuddy, settings: Any
) -> None:
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    server.data = sample(make_baby(alice.family, "Mia", age_days=60).birth_date, nights=3)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/data/import/")
    expect(page.locator("#import-reach")).to_contain_text("or on its own network")
    page.get_by_label("Baby Buddy address").fill(server.url)
    page.get_by_label("Baby Buddy API key").fill(KEY)
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#import-progress")).to_have_attribute("data-state", "done")
    assert server.requests
