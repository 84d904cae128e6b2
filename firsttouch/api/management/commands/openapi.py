"""``firsttouch openapi``: write docs/openapi.json from the API as it is served now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from firsttouch.api.openapi import DOCUMENT, current


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1/ to docs/openapi.json (or --output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=DOCUMENT,
            help="Where to write it; '-' for standard output.",
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        text = current()
        if str(output) == "-":
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}.")
