"""``firsttouch restore <file>``: put a backup made by ``firsttouch backup`` back in place."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from firsttouch.ops.backup import BackupError, restore_postgresql, restore_sqlite


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `firsttouch backup`. Stop `firsttouch "
        "serve` and `firsttouch worker` first; run `firsttouch migrate` after."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="a backup made by `firsttouch backup`")

    def handle(self, *args: Any, **opts: Any) -> None:
        backup: Path = opts["file"].resolve()
        db = connection.settings_dict
        # This command's own connection must not hold the file it is about to replace.
        connection.close()
        try:
            if connection.vendor == "sqlite":
                kept = restore_sqlite(backup, Path(db["NAME"]))
                if kept is not None:
                    self.stdout.write(f"The replaced database is kept as {kept}.")
            elif connection.vendor == "postgresql":
                restore_postgresql(db, backup)
            else:
                raise BackupError(f"Restoring a {connection.vendor} database is not supported.")
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the database from {backup}. Run `firsttouch migrate` (a backup from an "
            "older version needs it), then start the server and the worker."
        )
