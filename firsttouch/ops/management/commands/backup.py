"""``firsttouch backup <file>``: a consistent copy of the database, taken while it runs."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from firsttouch.ops.backup import BackupError, backup_postgresql, backup_sqlite


class Command(BaseCommand):
    help = (
        "Back up the database to FILE: SQLite's online backup (safe while the server runs) "
        "or pg_dump's custom format for PostgreSQL. Restore with `firsttouch restore FILE`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args: Any, **opts: Any) -> None:
        target: Path = opts["file"].resolve()
        if not target.parent.is_dir():
            raise CommandError(f"The directory {target.parent} does not exist.")
        db = connection.settings_dict
        try:
            if connection.vendor == "sqlite":
                backup_sqlite(Path(db["NAME"]), target)
            elif connection.vendor == "postgresql":
                backup_postgresql(db, target)
            else:
                raise BackupError(f"Backing up a {connection.vendor} database is not supported.")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up the database to {target}.")
