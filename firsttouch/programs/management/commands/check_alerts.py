"""``firsttouch check_alerts``: exit non-zero while any urgent alert needs a person.

For monitoring (cron, a health check): prints each urgent alert that could not be recorded
or is not delivered by e-mail, and exits 1; prints that all is well and exits 0 otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from firsttouch.programs.services import alert_problems


class Command(BaseCommand):
    help = (
        "Report urgent alerts not recorded or not delivered; exit status 1 when there "
        "are any, 0 when there are none."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = alert_problems()
        if not problems:
            self.stdout.write("All urgent alerts are recorded and delivered.")
            return
        for line in problems:
            self.stdout.write(line)
        raise CommandError(
            f"{len(problems)} urgent alert problem(s): contact the clinics "
            "directly and check the worker and the e-mail settings.",
            returncode=1,
        )
