"""Password-reset links are not printed to the console or the log by default (issue 10, #13)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import firsttouch.settings as project_settings
from tests.cast import Member

DEFAULT_BACKEND = "firsttouch.accounts.mail.PrivateFileEmailBackend"


@pytest.mark.skipif("EMAIL_BACKEND" in os.environ, reason="EMAIL_BACKEND is set here")
def test_the_default_backend_does_not_print_mails() -> None:
    # pytest-django swaps in its own backend; the project's default is the module's value.
    assert project_settings.EMAIL_BACKEND == DEFAULT_BACKEND
    assert Path(project_settings.EMAIL_FILE_PATH) == project_settings.DATA_DIR / "mail"


def test_password_reset_link_not_printed_to_the_log_by_default(
    alice: Member,
    settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.EMAIL_BACKEND = DEFAULT_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    caplog.set_level(logging.DEBUG)

    response = Client().post(reverse("accounts:password_reset"), {"email": alice.user.email})

    assert response.status_code == 302
    printed = capsys.readouterr()
    logged = caplog.text
    for output in (printed.out, printed.err, logged):
        assert "/password/reset/" not in output
    (mail,) = (tmp_path / "mail").iterdir()
    assert "/accounts/password/reset/" in mail.read_text()
    assert stat.S_IMODE(mail.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "mail").stat().st_mode) == 0o700
