"""A mother downloads her data as CSV files, then deletes her account and lands on log-in."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from firsttouch.accounts.models import User
from firsttouch.babies.models import Baby
from tests.cast import PASSWORD, make_baby, make_member

from .conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_the_csv_zip_then_delete_the_account(page: Page) -> None:
    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    make_baby(alice.family, "Mia", age_days=60)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/data/export/")
    shot(page, "portability-01-export")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV files (ZIP)").click()
    download = info.value
    assert download.suggested_filename.startswith("firsttouch-export-")
    with zipfile.ZipFile(download.path()) as archive:
        assert "babies.csv" in archive.namelist()
        assert "Mia" in archive.read("babies.csv").decode("utf-8-sig")

    page.get_by_role("link", name="Delete your account").click()
    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    page.get_by_label("Your password").fill(PASSWORD)
    shot(page, "portability-02-delete-confirm")
    page.get_by_role("button", name="Delete my account and my family's data").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(
        page.get_by_text("Your account and your family's data have been deleted.")
    ).to_be_visible()
    shot(page, "portability-03-deleted")
    assert not User.objects.filter(email="alice@example.com").exists()
    assert not Baby.objects.exists()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_export_and_delete_pages_have_no_serious_accessibility_problems(
    page: Page, scheme: str
) -> None:
    from .conftest import serious_violations

    alice = make_member("alice@example.com", "Alice", time_zone="Europe/London")
    make_baby(alice.family, "Mia", age_days=60)
    page.emulate_media(color_scheme=scheme)
    log_in(page, "alice@example.com", PASSWORD)
    page.goto("/data/export/")
    problems = serious_violations(page)
    page.goto("/data/delete/")
    problems += serious_violations(page)
    page.get_by_label("Type DELETE to confirm").fill("delete")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and my family's data").click()
    expect(page.get_by_text("Type DELETE in capital letters")).to_be_visible()
    problems += serious_violations(page)
    assert problems == []
    assert User.objects.filter(email="alice@example.com").exists()
