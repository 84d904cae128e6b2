"""Issue 12: a Spanish phone opens the EPDS. No validated Spanish translation is bundled, so the
items stay in their published English with a note saying so; everything around them (buttons,
question numbers, the result and the crisis help) is in Spanish, and the crisis lines' numbers
come from the crisis resources file (docs/decisions/0023-epds-languages.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from firsttouch.wellbeing.instruments import epds
from tests.cast import make_baby, make_member

from .conftest import doc_shot, serious_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMES = ["light", "dark"]
FORWARD = {1, 2, 4}


def logged_in(page: Page, live_server_url: str) -> None:
    """Alice, a mother in London, signed in through a session cookie (the log-in page's own
    words are another app's and may be translated too)."""
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    make_baby(alice.family, "Mia", age_days=40)
    client = Client()
    client.force_login(alice.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}]
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_spanish_phone_gets_the_epds_in_english_with_a_note_and_spanish_crisis_help(
    spanish_page: Page,
    live_server,
    scheme: str,  # type: ignore[no-untyped-def]
) -> None:
    page = spanish_page
    page.emulate_media(color_scheme=scheme)
    logged_in(page, live_server.url)
    page.goto(reverse("wellbeing:epds"))

    # The page around the questionnaire is Spanish; the items are the published English.
    note = page.locator("#language-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Este cuestionario se muestra en inglés")
    expect(page.get_by_role("button", name="Ver mi resultado")).to_be_visible()
    first = page.locator("#q-1")
    expect(first.locator("legend")).to_contain_text("Pregunta 1 de 10")
    expect(first.locator("legend")).to_contain_text(epds().items[0].text)
    expect(first.get_by_label("As much as I always could")).to_be_visible()
    expect(page.locator("#citation")).to_contain_text("Cox, J.L., Holden, J.M., Sagovsky, R.")
    problems = serious_violations(page)
    note.scroll_into_view_if_needed()
    doc_shot(page, "epds-language", scheme)

    # Item 10 above "Never": the crisis help appears at once, in Spanish, with the file's lines.
    for i in range(1, 10):
        page.locator(f"#q-{i} input[value='{0 if i in FORWARD else 3}']").check()
    page.locator("#q-10").get_by_label("Hardly ever").check()
    live = page.locator("#safety-live")
    expect(live).to_be_visible()
    expect(live.get_by_role("heading", name="Hay ayuda disponible ahora")).to_be_visible()
    expect(live).to_contain_text("Gracias por responder con sinceridad.")
    expect(live.get_by_role("link", name="Llamar al 116 123")).to_have_attribute(
        "href", "tel:116123"
    )
    expect(live.get_by_role("link", name="Llamar al 999 (emergencias)")).to_have_attribute(
        "href", "tel:999"
    )
    problems += serious_violations(page)
    shot(page, f"epds-language-help-at-once-{scheme}")

    # The result: the crisis help first, in Spanish; the score's words too.
    page.get_by_role("button", name="Ver mi resultado").click()
    block = page.locator("#safety")
    expect(block).to_be_visible()
    expect(block.get_by_role("heading", name="Hay ayuda disponible ahora")).to_be_visible()
    expect(block).to_contain_text("Gracias por responder con sinceridad.")
    expect(block).to_contain_text("llama al 999 o ve al servicio de urgencias más cercano")
    expect(block.get_by_role("link", name="Llamar al 116 123")).to_have_attribute(
        "href", "tel:116123"
    )
    expect(page.get_by_role("heading", name="La puntuación")).to_be_visible()
    expect(page.get_by_role("heading", name="Dónde encontrar ayuda")).to_be_visible()
    problems += serious_violations(page)
    shot(page, f"epds-language-result-{scheme}")
    assert problems == []
