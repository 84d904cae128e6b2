"""A new mother signs up on her phone and adds her baby."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.babies.models import Baby

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page: Page, email: str = "alice@example.com") -> None:
    page.goto("/")
    expect(page).to_have_url("/login/?next=/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Your first name").fill("Alice")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("gentle-strokes-42")
    page.get_by_role("button", name="Create account").click()


def add_baby(page: Page, name: str = "Mia", born: str = "2026-10-01") -> None:
    page.get_by_label("Baby's name").fill(name)
    page.get_by_label("Birth date").fill(born)
    page.get_by_role("button", name="Add baby").click()


def test_sign_up_and_add_a_preterm_baby(page: Page) -> None:
    sign_up(page)
    expect(page.get_by_role("heading", name="Add your baby")).to_be_visible()
    shot(page, "01-add-baby")
    # The weeks field appears only when the baby was born early.
    expect(page.get_by_label("Weeks of pregnancy at birth")).to_be_hidden()
    page.get_by_label("Born before 37 weeks").check()
    page.get_by_label("Baby's name").fill("Mia")
    page.get_by_label("Birth date").fill("2026-10-01")
    page.get_by_role("button", name="Add baby").click()
    expect(page.get_by_text("Enter the weeks of pregnancy at birth")).to_be_visible()
    page.get_by_label("Weeks of pregnancy at birth").fill("32")
    page.get_by_role("button", name="Add baby").click()
    expect(page.get_by_role("heading", name="Mia", exact=True)).to_be_visible()
    shot(page, "02-baby-home")
    baby = Baby.objects.get()
    assert baby.gestational_weeks == 32
    assert baby.family.time_zone == "Europe/London"  # taken from the phone
