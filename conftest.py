"""The cast: Alice (a mother) with baby Mia and partner Dan; Bob's family with baby Leo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from tests.cast import Member, invite_member, make_baby, make_member

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# A test that asks for none of these never reaches the database (pytest-django refuses it), so
# its result cannot depend on the engine: the PostgreSQL run of CI may leave it to the SQLite run.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (CI's second engine)",
    )
    parser.addoption(
        "--runslow",
        action="store_true",
        help="also run the long statistical simulations (marked slow; or FIRSTTOUCH_SLOW_TESTS=1)",
    )


def _skip_slow_unless_asked(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A null simulation of hundreds of model fits takes tens of seconds: run on request."""
    if config.getoption("runslow") or os.environ.get("FIRSTTOUCH_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow simulation: run with --runslow or FIRSTTOUCH_SLOW_TESTS=1")
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(skip)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _skip_slow_unless_asked(config, items)
    if not config.getoption("database_tests_only"):
        return
    keep: list[pytest.Item] = []
    skip: list[pytest.Item] = []
    for item in items:
        uses_db = DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        ) or item.get_closest_marker("django_db")
        (keep if uses_db else skip).append(item)
    config.hook.pytest_deselected(items=skip)
    items[:] = keep


def pytest_configure(config: pytest.Config) -> None:
    """Hash test passwords with a cheap Argon2 (see tests/hashers.py); production is unchanged."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "tests.hashers.CheapArgon2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """PostgreSQL test databases do not wait for the disk at each commit: a crash can only lose
    a throw-away test database, and the browser tests commit (and flush) often."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


@pytest.fixture
def migrated_data_dir(tmp_path: Path, django_db_setup: None, django_db_blocker: Any) -> Path:
    """A data directory whose SQLite file already holds the migrated schema, for a test that
    runs firsttouch in a subprocess on a real file: a copy of this worker's SQLite test
    database (``VACUUM INTO``, milliseconds) instead of a fresh ``migrate`` (15 s of
    CPU). On a PostgreSQL run there is nothing to copy and the subprocess migrates itself."""
    from django.db import OperationalError, connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            target = tmp_path / "firsttouch.sqlite3"
            try:
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM INTO %s", [str(target)])
            except OperationalError:
                # The shared in-memory database is locked by another thread of this worker
                # (a live server): never wait on it (sqlite3's backup would, for ever).
                target.unlink(missing_ok=True)
    return tmp_path


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    """A request in Spanish leaves Spanish active in this thread (the locale middleware never
    switches back), so each test starts in the default language whatever ran before it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def alice(db: None) -> Member:
    return make_member("alice@example.com", "Alice")


@pytest.fixture
def dan(alice: Member) -> Member:
    return invite_member(alice, "dan@example.com", "Dan")


@pytest.fixture
def mia(alice: Member):  # type: ignore[no-untyped-def]
    return make_baby(alice.family, "Mia", age_days=60)


@pytest.fixture
def bob(db: None) -> Member:
    return make_member("bob@example.com", "Bob", time_zone="America/New_York")


@pytest.fixture
def leo(bob: Member):  # type: ignore[no-untyped-def]
    return make_baby(bob.family, "Leo", age_days=120)
