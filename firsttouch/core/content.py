"""Reading clinical content files (TOML) and validating them against a pydantic schema.

Routines, safety questions, instruments, crisis lines and the lactation guide are all data that
people who do not read Python must be able to review. Every one is loaded through
:func:`load_content`, so a broken file always stops start-up the same way: a
``ContentError`` naming the file and the field path.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ValidationError

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

T = TypeVar("T", bound=BaseModel)


class ContentError(ImproperlyConfigured):
    """A content file is missing, is not TOML, or does not match its schema."""


def display_path(path: Path, root: Path = CONTENT_DIR) -> str:
    """How a file is named in messages: relative to the content folder when inside it."""
    try:
        return f"content/{path.relative_to(root).as_posix()}"
    except ValueError:
        return str(path)


def read_toml(path: Path, root: Path = CONTENT_DIR) -> dict[str, object]:
    name = display_path(path, root)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ContentError(f"{name}: the file is missing.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name}: not valid TOML ({exc}).") from exc


def validate_content(model: type[T], data: object, name: str) -> T:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ContentError(f"{name}: {problems}") from exc


def load_content(model: type[T], path: Path, root: Path = CONTENT_DIR) -> T:
    """Read ``path`` and validate it as ``model``; ContentError names file and field."""
    return validate_content(model, read_toml(path, root), display_path(path, root))
