"""Secrets generated once and kept in the data directory (the secret key, the VAPID key).

Imported by settings.py, so it imports nothing from Django or the apps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The file's text, writing ``make()`` into it first if it does not exist yet.

    Several processes may start at once (server workers, the task worker, test workers): each
    writes its own draft, readable only by its owner, then links it into place; the first link
    wins and every process reads that one, so none reads a half-written or a different secret.
    """
    if not path.exists():
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.touch(mode=0o600)
        draft.write_text(make())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
