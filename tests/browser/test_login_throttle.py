"""Too many wrong passwords on a phone: a clear, accessible refusal with HTTP 429 (issue 10, #5)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.cast import PASSWORD, Member

from .conftest import log_in, serious_violations, shot

EMAIL = re.compile("e-?mail", re.IGNORECASE)  # Django's reset form says "Email"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_answers_429_with_a_clear_message(page: Page, alice: Member) -> None:
    for _ in range(5):
        log_in(page, "alice@example.com", "not-my-password")
        expect(page.get_by_role("alert")).to_contain_text("correct")
    page.goto("/login/")
    page.get_by_label("E-mail").fill("alice@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Log in").click()
    assert answer.value.status == 429
    assert int(answer.value.headers["retry-after"]) > 0
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Too many failed log-ins. Wait 15 minutes")
    expect(alert).to_contain_text("reset your password")
    expect(page).to_have_url("/login/")
    # The way out the message offers is right there, and the page fits a phone.
    expect(page.get_by_role("link", name="Forgotten your password?")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "login-throttled")
    assert serious_violations(page) == []


def test_too_many_reset_requests_answer_429_with_a_clear_message(page: Page, alice: Member) -> None:
    for _ in range(5):
        page.goto("/accounts/password/reset/")
        page.get_by_label(EMAIL).fill("alice@example.com")
        page.get_by_role("button", name="Send the link").click()
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.goto("/accounts/password/reset/")
    page.get_by_label(EMAIL).fill("alice@example.com")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Send the link").click()
    assert answer.value.status == 429
    expect(page.get_by_role("alert")).to_contain_text("Too many password-reset requests")
    assert serious_violations(page) == []
