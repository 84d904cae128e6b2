"""The admin in a real browser asks for the second factor (issue 11, gap 1): a superuser with
no authenticator app is sent to set one up, with a clear message, and reaches the admin after."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from firsttouch.accounts.models import User
from tests.cast import PASSWORD

from .conftest import serious_violations, shot
from .test_staff_and_consent import code_from

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_superuser_without_a_device_sets_one_up_before_the_admin(page: Page) -> None:
    User.objects.create_superuser("root@example.com", "root@example.com", PASSWORD)
    page.goto("/admin/accounts/family/")
    page.get_by_label("Email").or_(page.get_by_label("Username")).fill("root@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible(
        timeout=20000
    )
    expect(page.get_by_text("The admin shows families' data")).to_be_visible()
    problems = serious_violations(page)
    shot(page, "admin-two-factor-setup")
    page.get_by_label("Code", exact=True).fill(code_from(page.locator("#totp-secret").inner_text()))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Select family to change")).to_be_visible(timeout=20000)
    assert problems == []
