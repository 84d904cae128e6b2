"""Real-browser tests: Playwright driving Debian's Chromium at a phone's size.

Browsers cannot be downloaded here, so we launch the system Chromium. Screenshots of every
journey are saved under test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
# Generous waits: the suite runs two processes on two cores, so a page can take seconds on a
# busy moment. A waiting assertion returns as soon as it holds, so passing tests are not slower.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is needed for the browser tests: install Debian's chromium "
            f"(apt-get install chromium) or set CHROMIUM (looked at {CHROMIUM})."
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def phone(browser: Browser, base_url: str, locale: str | None = None) -> Iterator[Page]:
    """A phone's page in London (``locale``: the browser's language, e.g. "es-ES"); fails the
    test on any JavaScript error."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=base_url,
        timezone_id="Europe/London",
        **({"locale": locale} if locale else {}),
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    yield from phone(browser, live_server.url)


@pytest.fixture
def spanish_page(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """A phone whose browser asks for Spanish (Accept-Language: es-ES)."""
    yield from phone(browser, live_server.url, locale="es-ES")


def wait_until(page: Page, expression: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the JavaScript ``expression`` (a value or a promise) is truthy.

    Not ``page.wait_for_function``: when it has to poll, it re-evaluates the expression as
    a string inside the page, which our Content-Security-Policy (no 'unsafe-eval') refuses.
    ``page.evaluate`` runs through the DevTools protocol, outside the page's CSP."""
    waited = 0
    while not page.evaluate(expression):
        if waited >= timeout_ms:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(100)
        waited += 100


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def doc_shot(page: Page, name: str, scheme: str = "light") -> None:
    """A picture for a person to look at in test-artifacts/, and the docs' picture
    (docs/screenshots/<name>.png, the phone's screen, light only) when asked for with
    FIRSTTOUCH_DOC_SHOTS=1, so an ordinary run never rewrites the docs."""
    if scheme == "light" and os.environ.get("FIRSTTOUCH_DOC_SHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS / f"{name}.png"), scale="css")
    shot(page, f"{name}-{scheme}")  # after: a full-page picture moves the scroll


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


# axe-core impacts that fail a test; "moderate" and "minor" are reported by axe but not failed.
SERIOUS = {"serious", "critical"}


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    results = Axe().run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at "
        f"{[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]
