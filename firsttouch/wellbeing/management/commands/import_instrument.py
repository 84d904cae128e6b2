"""``firsttouch import_instrument path.json``: load a clinic's questionnaire (FHIR R4 JSON).

The file must be a Questionnaire whose answer options carry scores in the ordinalValue
extension; it is validated before anything is stored, and the reason is printed if not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from firsttouch.wellbeing.services import import_instrument


class Command(BaseCommand):
    help = "Validate a FHIR Questionnaire (with ordinalValue scores) and make it available."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The Questionnaire as FHIR JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: not valid JSON ({exc}).") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{path}: expected a JSON object (a FHIR Questionnaire).")
        try:
            row, created = import_instrument(data)
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
        what = "Imported" if created else "Already up to date:"
        demo = " (demo: fictional wording)" if row.demo else ""
        self.stdout.write(f"{what} {row.instrument_id} {row.version}, {row.title}{demo}.")
