"""The account pages and the page chrome in Spanish and French, on a phone, axe clean.

With FIRSTTOUCH_DOC_SHOTS=1 the light Spanish run saves docs/screenshots/signup-es.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.cast import PASSWORD, make_baby, make_member

from .conftest import doc_shot, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID = {
    "es": ("Crear una cuenta", "Tu nombre", "Hoy", "Ajustes"),
    "fr": ("Créer un compte", "Votre prénom", "Aujourd’hui", "Réglages"),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["es", "fr"])
def test_sign_up_and_the_tab_bar_speak_the_browser_s_language(
    page: Page, language: str, scheme: str
) -> None:
    heading, name_label, today, settings = SAID[language]
    page.emulate_media(color_scheme=scheme)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_label(name_label)).to_be_visible()
    expect(page.get_by_text("Your first name")).to_have_count(0)
    problems = serious_violations(page)
    doc_shot(page, f"signup-{language}", scheme if language == "es" else "dark")
    assert problems == []

    alice = make_member("alice@example.com", "Alice")
    make_baby(alice.family)
    page.set_extra_http_headers({"Accept-Language": "en-GB"})  # log_in reads English labels
    log_in(page, "alice@example.com", PASSWORD)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto("/accounts/settings/")
    tabs = page.get_by_role("navigation", name="Principal")
    expect(tabs.get_by_role("link", name=today)).to_be_visible()
    expect(page.get_by_role("link", name=settings)).to_be_visible()
    assert serious_violations(page) == []
