"""Backing up and restoring the database, for ``firsttouch backup`` and ``firsttouch restore``.

SQLite is copied with SQLite's own online backup API, which reads one consistent snapshot
even while the server keeps writing (a plain file copy of a WAL database can catch it half
written). PostgreSQL is handed to ``pg_dump``/``pg_restore``. Both write to a temporary file
beside the target and rename it into place, so a failure never leaves half a file behind.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message tells the person what to do."""


# A backup holds every family's data: only its owner may read it.
PRIVATE = 0o600


@contextmanager
def _temp_beside(target: Path) -> Iterator[Path]:
    """A private temporary file in the target's directory (so the final rename is atomic),
    removed if whatever writes it fails."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    os.chmod(tmp, PRIVATE)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def check_sqlite_backup(path: Path) -> None:
    """Refuse a file that is not a sound firsttouch SQLite database.

    Opened read-only, so a wrong file is never changed. A firsttouch database always has
    Django's ``django_migrations`` table; SQLite's quick check catches a damaged copy.
    """
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            (ok,) = conn.execute("PRAGMA quick_check").fetchone()
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a firsttouch backup: {exc}.") from exc
    if ok != "ok":
        raise BackupError(f"{path} is damaged (SQLite quick check: {ok}).")
    if not found:
        raise BackupError(f"{path} is not a firsttouch backup: it has no django_migrations table.")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into a new file with the backup API, in one step.

    One step (``pages=-1``) reads a single snapshot: with WAL the server's writers carry on
    meanwhile, and nothing they commit later ends up half in the copy.
    """
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=20)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=-1)
            # The copy stands alone: no -wal file must travel with it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(database: Path, target: Path) -> None:
    """Write a consistent copy of the live SQLite database to ``target``."""
    if not database.is_file():
        raise BackupError(f"There is no database at {database} to back up.")
    with _temp_beside(target) as tmp:
        _sqlite_copy(database, tmp)
        check_sqlite_backup(tmp)
        _fsync(tmp)
        os.replace(tmp, target)


def _take_sole_access(database: Path) -> None:
    """Fold the write-ahead log into the database file, or refuse if anyone has it open.

    Leaving WAL mode needs the only connection, so it fails while a server or worker holds
    the database: exactly when replacing the file would lose their writes (or replay an old
    ``-wal`` file onto the restored one). The server reopens it in WAL mode on start.
    """
    conn = sqlite3.connect(database, timeout=1)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "busy"
    finally:
        conn.close()
    if mode != "delete":
        raise BackupError(
            "The database is in use. Stop `firsttouch serve` and `firsttouch worker` "
            "first, then run the restore again; nothing was changed."
        )


def restore_sqlite(backup: Path, database: Path) -> Path | None:
    """Replace the SQLite database with ``backup``; returns where the old one was kept.

    The backup is checked and copied beside the database first; the old database stays
    reachable as ``<name>.before-restore`` (a hard link, so no extra space) until the next
    restore, in case the wrong file was restored.
    """
    check_sqlite_backup(backup)
    with _temp_beside(database) as tmp:
        _sqlite_copy(backup, tmp)
        check_sqlite_backup(tmp)
        _fsync(tmp)
        kept: Path | None = None
        if database.exists():
            _take_sole_access(database)
            kept = database.with_name(database.name + ".before-restore")
            kept.unlink(missing_ok=True)
            os.link(database, kept)
        os.replace(tmp, database)
    for stale in ("-wal", "-shm"):
        database.with_name(database.name + stale).unlink(missing_ok=True)
    return kept


# --- PostgreSQL ---------------------------------------------------------------------------


def pg_connection_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for pg_dump/pg_restore from Django's settings.

    The password goes in ``PGPASSWORD``: a command line is visible to every user of the
    machine (``ps``), the environment is not.
    """
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client tools (Debian/Ubuntu: "
            f"`apt install postgresql-client`) in the same major version as the server."
        )
    return path


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()}")
    return done.stdout


def backup_postgresql(db: dict[str, Any], target: Path) -> None:
    """``pg_dump --format=custom`` of the database to ``target``."""
    args, env = pg_connection_args(db)
    pg_dump = _tool("pg_dump")
    with _temp_beside(target) as tmp:
        _run([pg_dump, "--format=custom", "--no-owner", "--file", str(tmp), *args], env)
        _fsync(tmp)
        os.replace(tmp, target)


def check_postgresql_backup(path: Path) -> None:
    """Refuse a file that is not a pg_dump archive of a firsttouch database."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    done = subprocess.run(
        [_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{path} is not a firsttouch backup: {done.stderr.strip()}")
    if " TABLE " not in done.stdout or "django_migrations" not in done.stdout:
        raise BackupError(f"{path} is not a firsttouch backup: it has no django_migrations table.")


def restore_postgresql(db: dict[str, Any], backup: Path) -> None:
    """``pg_restore --clean --if-exists`` the archive into the configured database."""
    check_postgresql_backup(backup)
    args, env = pg_connection_args(db)
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(backup),
        ],
        env,
    )
