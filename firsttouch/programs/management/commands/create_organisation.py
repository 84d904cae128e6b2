"""``firsttouch create_organisation``: the operator makes an organisation and its first admin.

The admin is not created here: an invitation is e-mailed, and they choose their own password
and set up two-factor authentication when they follow it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from firsttouch.programs.models import OrganisationKind
from firsttouch.programs.staff import create_organisation


class Command(BaseCommand):
    help = "Create an organisation and e-mail its first admin an invitation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--admin-email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        if not name:
            raise CommandError("Give the organisation a name.")
        try:
            validate_email(options["admin_email"])
        except ValidationError as exc:
            raise CommandError(f"{options['admin_email']!r} is not an e-mail address.") from exc
        organisation, _ = create_organisation(name, options["kind"], options["admin_email"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {organisation.name} (family code {organisation.join_code}); an "
                f"invitation was e-mailed to {options['admin_email']}. Urgent alerts go to "
                f"{organisation.contact_email} until an admin changes it in the admin site."
            )
        )
