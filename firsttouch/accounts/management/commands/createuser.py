"""``firsttouch createuser``: make a caregiver account (and family) from the command line."""

from __future__ import annotations

import getpass
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from firsttouch.accounts import services
from firsttouch.accounts.models import Role, User


class Command(BaseCommand):
    help = "Create a caregiver account with a new family (use --admin for site admin rights)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="")
        parser.add_argument("--password", help="Omit to be asked (safer than the shell history).")
        parser.add_argument("--role", default=Role.MOTHER, choices=[r for r, _ in Role.choices])
        parser.add_argument("--time-zone", default="UTC")
        parser.add_argument("--admin", action="store_true", help="Also a site administrator.")

    def handle(self, *args: Any, **opts: Any) -> None:
        email = opts["email"].strip().lower()
        if User.objects.filter(username=email).exists():
            raise CommandError(f"An account with {email} already exists.")
        password = opts["password"] or getpass.getpass("Password: ")
        try:
            password_validation.validate_password(password, User(username=email, email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user = services.sign_up(
            email=email,
            password=password,
            name=opts["name"],
            role=opts["role"],
            time_zone=opts["time_zone"],
        )
        if opts["admin"]:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        self.stdout.write(self.style.SUCCESS(f"Created {email}."))
        if opts["admin"]:
            self.stdout.write(
                "The admin asks for a second factor: at the first log-in to /admin/ you set up "
                "an authenticator app."
            )
