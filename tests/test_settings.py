"""Embedded mode needs no configuration; bad configuration fails loudly at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _settings(env: dict[str, str], expr: str) -> subprocess.CompletedProcess[str]:
    code = f"import firsttouch.settings as s; print({expr})"
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    env = {"FIRSTTOUCH_DATA_DIR": str(tmp_path)}
    first = _settings(env, "s.SECRET_KEY").stdout.strip()
    second = _settings(env, "s.SECRET_KEY").stdout.strip()
    assert len(first) >= 50
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_processes_starting_together_all_read_the_one_key(tmp_path: Path) -> None:
    # Server or test workers start at once on a fresh data dir: none may read a half-written
    # key or keep a key of its own.
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    code = "import firsttouch.settings as s; print(s.SECRET_KEY)"
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            env={**clean, "FIRSTTOUCH_DATA_DIR": str(tmp_path)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    keys = {process.communicate()[0].strip() for process in starts}
    assert keys == {(tmp_path / "secret_key").read_text().strip()}
    assert len(keys.pop()) >= 50
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".secret_key")] == []


def test_embedded_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    out = _settings(
        {"FIRSTTOUCH_DATA_DIR": str(tmp_path)},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    ).stdout
    assert "sqlite3" in out
    assert str(tmp_path) in out


def test_database_url_selects_postgresql(tmp_path: Path) -> None:
    out = _settings(
        {"FIRSTTOUCH_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgres://u:p@db.example:5432/ft"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST']",
    ).stdout
    assert "postgresql" in out
    assert "db.example" in out


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("EMAIL_PORT", "twenty")])
def test_a_bad_value_stops_start_up_naming_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    result = _settings({"FIRSTTOUCH_DATA_DIR": str(tmp_path), name: value}, "1")
    assert result.returncode != 0
    assert name in result.stderr


def test_wal_mode_is_on_for_sqlite(tmp_path: Path) -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='firsttouch.settings'; "
        "django.setup(); from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "FIRSTTOUCH_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "wal"


def test_production_hashes_passwords_with_djangos_argon2_at_its_full_cost() -> None:
    """The suite's cheap hasher (tests/hashers.py) is added for tests only, never shipped."""
    import firsttouch.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert not any("tests." in h for h in production.PASSWORD_HASHERS)
