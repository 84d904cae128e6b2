"""Issue 12, "In their language and units", in a real browser on a phone, light and dark.

A browser set to Spanish gets the pages in Spanish (with charts whose numbers stay plain for
the browser); an account's French overrides the browser's Spanish; an imperial family types
a weight in pounds and ounces and reads it back so, while the database holds grams.

With FIRSTTOUCH_DOC_SHOTS=1 the light runs save docs/screenshots/language-es.png and
units-imperial.png.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from firsttouch.tracking.models import Growth
from firsttouch.tracking.tests.factories import feed, nappy, sleep
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import doc_shot, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMES = ["light", "dark"]


def _a_day_of_logs(baby) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    sleep(baby, now - timedelta(hours=5), now - timedelta(hours=3, minutes=30))
    feed(
        baby,
        now - timedelta(hours=2),
        now - timedelta(hours=1, minutes=45),
        kind="bottle",
        side="",
        amount_ml=90,
    )
    nappy(baby, now - timedelta(hours=1), wet=True)
    Growth.objects.create(
        baby=baby,
        time=now - timedelta(days=1),
        weight_g=5230,
        length_cm=Decimal("58.5"),
        head_cm=Decimal("39.2"),
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_spanish_phone_gets_the_log_and_its_charts_in_spanish(
    spanish_page: Page, scheme: str
) -> None:
    page = spanish_page
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia", age_days=90)
    mia.sex = "girl"
    mia.save()
    _a_day_of_logs(mia)
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("input[name=username]").fill("alice@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:not(#language-switch) button[type=submit]").click()
    page.wait_for_url("**/baby/**")
    problems = serious_violations(page)

    # Today: the timeline's sentences come from tracking, in Spanish.
    expect(page.get_by_text("Biberón de 90 ml", exact=False).first).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()

    # The log page: tracking's own strings.
    page.goto(f"/log/?baby={mia.pk}")
    expect(page.get_by_role("heading", name="Registro de Mia")).to_be_visible()
    expect(page.get_by_role("heading", name="Añadir un registro")).to_be_visible()
    expect(page.get_by_role("button", name="Iniciar temporizador de sueño")).to_be_visible()
    problems += serious_violations(page)
    doc_shot(page, "language-es", scheme)

    # The growth charts: Spanish words, plain numbers in the SVG (a comma would break it).
    page.goto(f"/log/growth/charts/?baby={mia.pk}")
    expect(page.get_by_role("heading", name="Curvas de crecimiento de Mia")).to_be_visible()
    expect(page.get_by_text("Peso 5,23 kg").first).to_be_visible()
    charts = page.locator("svg.growth-chart")
    expect(charts).to_have_count(3)
    trail = page.locator(f"#growth-weight-{mia.pk} polyline.trail")
    assert trail.get_attribute("points").count(",") == 1
    box = page.locator(f"#growth-weight-{mia.pk} circle.dot").bounding_box()
    assert box is not None and box["width"] > 0
    problems += serious_violations(page)

    # The week charts.
    page.goto(f"/baby/{mia.pk}/charts/?range=week")
    expect(page.locator("#range-sleep svg")).to_be_visible()
    problems += serious_violations(page)
    assert problems == []


def test_the_account_s_french_overrides_the_browser_s_spanish(spanish_page: Page) -> None:
    page = spanish_page
    alice = make_member("alice@example.com", "Alice")
    make_baby(alice.family, "Mia")
    alice.user.language = "fr"
    alice.user.save()
    page.goto("/login/")
    page.locator("input[name=username]").fill("alice@example.com")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:not(#language-switch) button[type=submit]").click()
    page.wait_for_url("**/baby/**")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto("/log/")
    expect(page.get_by_role("heading", name="Journal de Mia")).to_be_visible()
    # Back to "same as this device": Spanish again.
    page.goto("/accounts/settings/")
    page.locator("#id_language").select_option("")
    page.locator("#language button[type=submit]").click()
    page.goto("/log/")
    expect(page.get_by_role("heading", name="Registro de Mia")).to_be_visible()


def test_the_log_in_page_switches_language_before_logging_in(page: Page) -> None:
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    page.get_by_label("Language").select_option("fr")
    page.locator("#language-switch button").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert serious_violations(page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_imperial_family_weighs_in_pounds_and_ounces(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    alice = make_member("alice@example.com", "Alice")
    mia = make_baby(alice.family, "Mia", age_days=30)
    log_in(page, "alice@example.com", PASSWORD)
    page.wait_for_url("**/baby/**")
    page.goto("/accounts/family/")
    page.get_by_label("Units").select_option("imperial")
    page.locator("form:has(input[value=settings]) button[type=submit]").click()
    expect(page.get_by_text("Family settings saved.")).to_be_visible()

    page.goto(f"/log/growth/new/?baby={mia.pk}")
    page.get_by_label("pounds").fill("7")
    page.get_by_label("ounces").fill("11")
    page.get_by_label("Length (inches)").fill("20.5")
    problems = serious_violations(page)
    page.get_by_role("button", name="Save weight and length").click()
    expect(page.get_by_text("Weight 7 lb 11 oz, length 20.5 in").first).to_be_visible()
    growth = Growth.objects.get(baby=mia)
    assert (growth.weight_g, growth.length_cm) == (3487, Decimal("52.1"))
    problems += serious_violations(page)

    page.goto(f"/log/growth/{growth.pk}/")
    expect(page.get_by_label("pounds")).to_have_value("7")
    expect(page.get_by_label("ounces")).to_have_value("11")
    doc_shot(page, "units-imperial", scheme)
    assert problems == []
