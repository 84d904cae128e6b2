"""SQLite with a fair queue for writers.

SQLite lets one transaction write at a time. A writer that finds the database busy sleeps in
SQLite's busy handler with a growing back-off (up to 100 ms a try) and can be overtaken again
and again, so under a burst of writes from several server processes a few requests waited
about a second. Here each write transaction first takes an exclusive ``flock`` on a lock file
beside the database: waiting writers sleep in the kernel and wake as soon as the lock is
released, and the transaction that follows (``BEGIN IMMEDIATE``) finds the database free.

Readers are untouched (WAL lets them read during a write). In-memory databases (the test
suite) have a single connection and skip the lock.

The database holds health information about mothers and babies, so its file is readable by its
owner only (0600) whatever the process umask: it is created so before SQLite opens it, and
SQLite gives the ``-wal`` and ``-shm`` files the database file's own mode. A database from an
older version, created with the umask's mode, is tightened when a connection opens.
"""

from __future__ import annotations

import fcntl
import os
from typing import Any

from django.db.backends.sqlite3 import base

# Owner read and write only: no group or other access to the database or its WAL and SHM.
FILE_MODE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def keep_private(path: str) -> None:
    """Create the database file 0600 if it is missing; take group and other access away."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
    for name in (path, *(path + suffix for suffix in SIDE_FILES)):
        try:
            mode = os.stat(name).st_mode & 0o777
            if mode & 0o077:
                os.chmod(name, FILE_MODE)
        except FileNotFoundError:
            pass


class DatabaseWrapper(base.DatabaseWrapper):
    _write_lock_fd: int | None = None

    def get_new_connection(self, conn_params: Any) -> Any:
        name = str(self.settings_dict["NAME"])
        if not self.is_in_memory_db() and not name.startswith("file:"):
            keep_private(name)
        return super().get_new_connection(conn_params)

    def _lock_path(self) -> str:
        return f"{self.settings_dict['NAME']}.writelock"

    def _take_write_lock(self) -> None:
        if self.is_in_memory_db() or self._write_lock_fd is not None:
            return
        fd = os.open(self._lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._write_lock_fd = fd

    def _release_write_lock(self) -> None:
        fd, self._write_lock_fd = self._write_lock_fd, None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def _start_transaction_under_autocommit(self) -> None:
        self._take_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()
