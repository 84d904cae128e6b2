"""Write transactions on a file database queue on a lock file and always release it."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from firsttouch.core.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own file databases, outside the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path: Path) -> DatabaseWrapper:
    settings = {**connection.settings_dict, "NAME": str(path), "TEST": {}}
    return DatabaseWrapper(settings, alias=f"queue-{path.name}")


def _lock_is_free(path: Path) -> bool:
    fd = os.open(f"{path}.writelock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def _begin(db: DatabaseWrapper) -> None:
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(db: DatabaseWrapper, commit: bool = True) -> None:
    db.commit() if commit else db.rollback()
    db.set_autocommit(True)


@pytest.mark.parametrize("commit", [True, False])
def test_a_transaction_holds_the_lock_until_it_ends(tmp_path: Path, commit: bool) -> None:
    path = tmp_path / "db.sqlite3"
    db = _wrapper(path)
    db.ensure_connection()
    _begin(db)
    db.cursor().execute("CREATE TABLE IF NOT EXISTS t (x int)")
    assert not _lock_is_free(path)
    _end(db, commit)
    assert _lock_is_free(path)
    db.close()


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = _wrapper(path)
    first.ensure_connection()
    first.cursor().execute("CREATE TABLE t (x int)")
    _begin(first)
    first.cursor().execute("INSERT INTO t VALUES (1)")
    order: list[str] = []

    def write_second() -> None:
        second = _wrapper(path)
        second.ensure_connection()
        _begin(second)
        order.append("second began")
        second.cursor().execute("INSERT INTO t VALUES (2)")
        _end(second)
        second.close()

    thread = threading.Thread(target=write_second)
    thread.start()
    time.sleep(0.2)
    order.append("first commits")
    _end(first)
    thread.join(5)
    assert order == ["first commits", "second began"]
    assert first.cursor().execute("SELECT count(*) FROM t").fetchone()[0] == 2
    first.close()


def test_closing_a_connection_mid_transaction_releases_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = _wrapper(path)
    db.ensure_connection()
    _begin(db)
    db.close()
    assert _lock_is_free(path)
