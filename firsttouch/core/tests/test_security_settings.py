"""The production settings documented in docs/deploy.md pass ``check --deploy``; the HTTPS
settings follow the environment; every answer carries the Content Security Policy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

DEPLOY_DOC = Path(__file__).resolve().parents[3] / "docs" / "deploy.md"


def documented_production_settings() -> dict[str, str]:
    """The ``sh`` block under "Production settings" in docs/deploy.md, as variables."""
    text = DEPLOY_DOC.read_text()
    section = text.split("## Production settings", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "docs/deploy.md lost its production settings block"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if "=" in line]
    return {name.strip(): value.strip() for name, value in pairs}


def firsttouch(
    args: list[str], env: dict[str, str], data_dir: Path
) -> subprocess.CompletedProcess[str]:
    # A production-like environment: nothing of the test run's (DATABASE_URL, the test
    # settings' DJANGO_ALLOW_ASYNC_UNSAFE) leaks into the check.
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    return subprocess.run(
        [sys.executable, "-m", "firsttouch", *args],
        env={**clean, **env, "FIRSTTOUCH_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    production = documented_production_settings()
    assert production["SECURE_COOKIES"] == "true"
    result = firsttouch(["check", "--deploy", "--fail-level", "WARNING"], production, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https(tmp_path: Path) -> None:
    """The check above can fail: without SECURE_COOKIES the HTTPS settings are off."""
    production = {**documented_production_settings(), "SECURE_COOKIES": "false"}
    result = firsttouch(["check", "--deploy", "--fail-level", "WARNING"], production, tmp_path)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


SHOW = (
    "from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT)"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SECURE_COOKIES": "false", "FIRSTTOUCH_HSTS_SECONDS": "600"}, "0 False False"),
        ({"SECURE_COOKIES": "true"}, "86400 False True"),
        (
            {
                "SECURE_COOKIES": "true",
                "FIRSTTOUCH_HSTS_SECONDS": "31536000",
                "FIRSTTOUCH_HSTS_INCLUDE_SUBDOMAINS": "true",
                "FIRSTTOUCH_SSL_REDIRECT": "false",
            },
            "31536000 True False",
        ),
    ],
)
def test_hsts_and_the_https_redirect_come_from_the_environment(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    result = firsttouch(["shell", "--no-imports", "-c", SHOW], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_pages_and_the_api_carry_the_content_security_policy(db: None) -> None:
    client = Client()
    for path in ("/login/", "/api/v1/health"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
