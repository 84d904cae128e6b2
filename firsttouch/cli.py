"""The ``firsttouch`` command: Django's manage.py with our settings, plus serve and demo."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firsttouch.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["firsttouch", *(args or ["help"])])


if __name__ == "__main__":
    main()
