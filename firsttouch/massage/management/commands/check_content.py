"""``firsttouch check_content``: validate the routine library and say what it holds.

Start-up already refuses a broken library; this command re-reads the files from disk (no
cache) so an editor of content/*.toml can check their work without restarting anything.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from firsttouch.core.content import check_languages
from firsttouch.massage.content import CONTENT_DIR, ContentError, load_library
from firsttouch.tracking.red_flags import RedFlagsError, load_red_flags


class Command(BaseCommand):
    help = (
        "Validate the massage routine library and the baby red flags (content/*.toml) and "
        "list the routines."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Every file under content/, the ones loaded elsewhere too (EPDS, crisis lines...).
        problems = check_languages(CONTENT_DIR)
        if problems:
            raise CommandError("\n".join(problems))
        try:
            lib = load_library(CONTENT_DIR)
            flags = load_red_flags(CONTENT_DIR / "baby_red_flags.toml")
        except (ContentError, RedFlagsError) as exc:
            raise CommandError(str(exc)) from exc
        verbose = int(options.get("verbosity", 1)) > 1
        for routine in lib.routines:
            line = (
                f"  {routine.slug} v{routine.version}: {routine.duration_minutes} min, "
                f"{len(routine.steps)} steps, {routine.age_range()}"
            )
            if verbose:
                self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Content OK: {len(lib.routines)} routines, {len(lib.safety)} safety questions, "
                f"{len(lib.cues.ids())} cues, {len(flags.flags)} baby red flags; every "
                f"file names its language."
            )
        )
