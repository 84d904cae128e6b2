"""The SQLite database and its WAL and SHM files are readable by their owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from firsttouch.core.sqlite.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="the SQLite file's mode"),
    # pytest-django lets a test open connections only when it asks for the database.
    pytest.mark.django_db,
]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The loosest umask a server could be started with: files would be world-writable."""
    old = os.umask(0)
    yield
    os.umask(old)


def open_database(path: Path) -> DatabaseWrapper:
    settings_dict = {**connections["default"].settings_dict, "NAME": str(path)}
    wrapper = DatabaseWrapper(settings_dict, alias="private-file")
    wrapper.ensure_connection()
    return wrapper


def test_a_new_database_and_its_wal_and_shm_are_created_0600(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "firsttouch.sqlite3"
    db = open_database(path)
    try:
        with db.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE note (text TEXT)")
            cursor.execute("INSERT INTO note VALUES ('x')")
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        assert [mode(path), mode(wal), mode(shm)] == [0o600, 0o600, 0o600]
    finally:
        db.close()


def test_an_older_database_readable_by_others_is_tightened_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "firsttouch.sqlite3"
    path.touch()
    path.chmod(0o644)
    wal = Path(f"{path}-wal")
    wal.touch()
    wal.chmod(0o666)
    db = open_database(path)
    try:
        assert mode(path) == 0o600
        assert mode(wal) == 0o600
    finally:
        db.close()
