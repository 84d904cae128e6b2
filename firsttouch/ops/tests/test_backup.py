"""`firsttouch backup` / `firsttouch restore`: consistent under writes, identical after restore,
and a wrong file or a database in use is refused with nothing changed."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from firsttouch.ops import backup as ops_backup
from firsttouch.ops.backup import BackupError, pg_connection_args

FIRSTTOUCH = str(Path(sys.executable).parent / "firsttouch")
DB_NAME = "firsttouch.sqlite3"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {**env, "FIRSTTOUCH_DATA_DIR": str(data_dir), **extra}


def _run(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [FIRSTTOUCH, *args],
        env=_env(data_dir, **extra),
        capture_output=True,
        text=True,
        check=False,
    )


_TEMPLATE: list[Path] = []


def _migrated(data_dir: Path) -> Path:
    """A migrated database in ``data_dir``: migrated once per test process, then copied (each
    `firsttouch migrate` in a subprocess takes seconds)."""
    if not _TEMPLATE:
        template = Path(tempfile.mkdtemp(prefix="ft-backup-template-"))
        atexit.register(shutil.rmtree, template, True)
        done = _run(template, "migrate", "--noinput", "-v", "0")
        assert done.returncode == 0, done.stderr
        _TEMPLATE.append(template / DB_NAME)
    data_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(_TEMPLATE[0], data_dir / DB_NAME))


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def _fingerprint(path: Path) -> tuple[dict[str, int], str]:
    """Row counts of every table, and a checksum of auth_group's rows."""
    conn = sqlite3.connect(path)
    try:
        counts = {
            t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in _tables(conn)
        }
        rows = conn.execute("SELECT id, name FROM auth_group ORDER BY id").fetchall()
    finally:
        conn.close()
    return counts, hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[Path, threading.Event, list[int]]]:
    """A migrated database in its own data dir, and a thread writing pairs of rows to it
    (each pair in one transaction) until the event is set."""
    data = tmp_path / "live"
    data.mkdir()
    db = _migrated(data)
    stop = threading.Event()
    written = [0]

    def write() -> None:
        conn = sqlite3.connect(db, timeout=20, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        n = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO auth_group (name) VALUES (?)", (f"pair {n} a",))
            conn.execute("INSERT INTO auth_group (name) VALUES (?)", (f"pair {n} b",))
            conn.execute("COMMIT")
            n += 1
            written[0] = n
        conn.close()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield db, stop, written
    finally:
        stop.set()
        thread.join(10)


def test_backup_under_writes_restores_to_identical_data(
    tmp_path: Path, writer: tuple[Path, threading.Event, list[int]]
) -> None:
    db, stop, written = writer
    while written[0] < 50:  # the writer is well under way before the backup starts
        time.sleep(0.01)
    backup = tmp_path / "night.sqlite3"
    done = _run(db.parent, "backup", str(backup))
    during = written[0]
    stop.set()
    assert done.returncode == 0, done.stderr
    assert "Backed up" in done.stdout
    assert backup.stat().st_mode & 0o077 == 0  # family data: owner only

    # One consistent snapshot: no pair half in the backup, and rows written up to its start.
    conn = sqlite3.connect(backup)
    names = [r[0] for r in conn.execute("SELECT name FROM auth_group ORDER BY id")]
    conn.close()
    assert len(names) % 2 == 0
    assert len(names) >= 100
    assert names[-1].endswith(" b")
    assert len(names) <= 2 * (during + 1)
    assert not Path(f"{backup}-wal").exists()

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    done = _run(fresh, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "firsttouch migrate" in done.stdout
    assert _fingerprint(fresh / DB_NAME) == _fingerprint(backup)
    counts, _ = _fingerprint(fresh / DB_NAME)
    assert counts["auth_group"] == len(names)
    # The restored database is usable by firsttouch itself.
    assert _run(fresh, "migrate", "--check").returncode == 0


def test_restore_replaces_a_database_and_keeps_the_old_one(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    db = _migrated(data)
    backup = tmp_path / "b.sqlite3"
    assert _run(data, "backup", str(backup)).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO auth_group (name) VALUES ('after the backup')")
    conn.close()
    after = _fingerprint(db)

    done = _run(data, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert _fingerprint(db) == _fingerprint(backup)
    assert _fingerprint(data / f"{DB_NAME}.before-restore") == after
    assert db.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("kind", ["garbage", "other_sqlite", "missing"])
def test_a_file_that_is_not_a_firsttouch_backup_is_refused(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "d"
    data.mkdir()
    db = _migrated(data)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO auth_group (name) VALUES ('precious')")
    conn.close()
    before = _fingerprint(db)
    bad = tmp_path / "bad.sqlite3"
    if kind == "garbage":
        bad.write_bytes(b"this is a shopping list, not a database\n" * 100)
    elif kind == "other_sqlite":
        other = sqlite3.connect(bad)
        other.execute("CREATE TABLE notes (text TEXT)")
        other.commit()
        other.close()

    done = _run(data, "restore", str(bad))
    assert done.returncode != 0
    if kind == "missing":
        assert "does not exist" in done.stderr
    else:
        assert "is not a firsttouch backup" in done.stderr
    assert _fingerprint(db) == before
    assert not (data / f"{DB_NAME}.before-restore").exists()
    assert [p.name for p in data.iterdir() if p.name.endswith(".tmp")] == []


def test_restore_refuses_while_the_database_is_in_use(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    db = _migrated(data)
    backup = tmp_path / "b.sqlite3"
    assert _run(data, "backup", str(backup)).returncode == 0
    # A running server keeps a WAL connection open.
    server = sqlite3.connect(db)
    server.execute("PRAGMA journal_mode=WAL")
    server.execute("INSERT INTO auth_group (name) VALUES ('written by the server')")
    server.commit()
    try:
        before = _fingerprint(db)
        done = _run(data, "restore", str(backup))
        assert done.returncode != 0
        assert "Stop `firsttouch serve`" in done.stderr
        assert "nothing was changed" in done.stderr
        assert _fingerprint(db) == before
    finally:
        server.close()


def test_backup_to_a_missing_directory_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    _migrated(data)
    done = _run(data, "backup", str(tmp_path / "nowhere" / "b.sqlite3"))
    assert done.returncode != 0
    assert "does not exist" in done.stderr


def test_the_postgresql_password_is_never_on_the_command_line() -> None:
    args, env = pg_connection_args(
        {"NAME": "ft", "HOST": "db", "PORT": 5433, "USER": "u", "PASSWORD": "s3cret"}
    )
    assert args == ["--dbname", "ft", "--host", "db", "--port", "5433", "--username", "u"]
    assert "s3cret" not in " ".join(args)
    assert env["PGPASSWORD"] == "s3cret"


def test_a_missing_pg_dump_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ops_backup.shutil, "which", lambda name: None)
    target = tmp_path / "pg.dump"
    with pytest.raises(BackupError, match=r"pg_dump is not installed.*postgresql-client"):
        ops_backup.backup_postgresql({"NAME": "ft"}, target)
    assert list(tmp_path.iterdir()) == []


# --- PostgreSQL: only where it is configured, in a database of its own --------------------

_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(
    not _URL.startswith(("postgres://", "postgresql://")),
    reason="DATABASE_URL is not PostgreSQL",
)
@pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("createdb") is None,
    reason="pg_dump/createdb are not installed",
)
# Marked as a database test so that CI's PostgreSQL run (which keeps only those) runs it; it
# works in a database of its own, created and dropped here, never in the test database.
@pytest.mark.django_db
def test_postgresql_backup_and_restore(tmp_path: Path) -> None:
    parts = urlsplit(_URL)
    name = f"ft_backup_test_{os.getpid()}"
    url = urlunsplit(parts._replace(path=f"/{name}"))
    pg_env = {**os.environ, "PGPASSWORD": parts.password or ""}
    conn_args = ["--host", parts.hostname or "127.0.0.1", "--port", str(parts.port or 5432)]
    if parts.username:
        conn_args += ["--username", parts.username]
    subprocess.run(["createdb", *conn_args, name], env=pg_env, check=True)

    def psql(sql: str) -> str:
        return subprocess.run(
            ["psql", *conn_args, "--dbname", name, "-tAc", sql],
            env=pg_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    try:
        data = tmp_path / "d"
        data.mkdir()
        assert _run(data, "migrate", "--noinput", "-v", "0", DATABASE_URL=url).returncode == 0
        psql("INSERT INTO auth_group (name) SELECT 'g' || n FROM generate_series(1, 200) n")
        checksum = "SELECT md5(string_agg(id || ':' || name, ',' ORDER BY id)) FROM auth_group"
        before = psql(checksum)
        backup = tmp_path / "pg.dump"
        done = _run(data, "backup", str(backup), DATABASE_URL=url)
        assert done.returncode == 0, done.stderr
        psql("DELETE FROM auth_group WHERE id > 100")
        done = _run(data, "restore", str(backup), DATABASE_URL=url)
        assert done.returncode == 0, done.stderr
        assert psql("SELECT COUNT(*) FROM auth_group") == "200"
        assert psql(checksum) == before
        bad = tmp_path / "bad.dump"
        bad.write_bytes(b"not a dump")
        done = _run(data, "restore", str(bad), DATABASE_URL=url)
        assert done.returncode != 0
        assert "is not a firsttouch backup" in done.stderr
        assert psql("SELECT COUNT(*) FROM auth_group") == "200"
    finally:
        subprocess.run(
            ["dropdb", *conn_args, "--if-exists", "--force", name], env=pg_env, check=False
        )
