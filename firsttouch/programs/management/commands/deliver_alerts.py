"""Retry e-mailing every pending urgent alert; run it from cron or after a mail outage."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from firsttouch.programs.services import deliver_pending


class Command(BaseCommand):
    help = "E-mail clinics about urgent alerts not yet delivered (each tried once per run)."

    def handle(self, *args: Any, **options: Any) -> None:
        delivered, left = deliver_pending()
        self.stdout.write(f"Delivered {delivered} alert(s); {left} still undelivered.")
        if left:
            self.stderr.write(
                "Some alerts are still undelivered: check the e-mail settings "
                "and the Alert list in the admin."
            )
