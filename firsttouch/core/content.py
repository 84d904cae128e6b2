"""Reading clinical content files (TOML) and validating them against a pydantic schema.

Routines, safety questions, instruments, crisis lines and the lactation guide are all data that
people who do not read Python must be able to review. Every one is loaded through
:func:`load_content`, so a broken file always stops start-up the same way: a
``ContentError`` naming the file and the field path.

Every file says which language its text is written in (``language = "en"`` at the top, a code
from ``CONTENT_LANGUAGES``): clinical text is not translated with the interface, it needs a
clinical review first, so a page in Spanish can say its guidance is shown in English
(decision 0022).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ValidationError

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

T = TypeVar("T", bound=BaseModel)

# The languages a content file may be written in: the interface's languages (settings.LANGUAGES)
# by their two-letter code.
CONTENT_LANGUAGES = ("en", "es", "fr")


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


def content_language(data: dict[str, object], name: str) -> str:
    """The file's ``language`` key, checked: a known code, or a ContentError that says how."""
    language = data.get("language")
    if language is None:
        raise ContentError(
            f'{name}: language: missing. Add language = "en" at the top of the file (the '
            f"language its text is written in: one of {', '.join(CONTENT_LANGUAGES)})."
        )
    if language not in CONTENT_LANGUAGES:
        raise ContentError(
            f"{name}: language: {language!r} is not a language we know; use one of "
            f"{', '.join(CONTENT_LANGUAGES)}."
        )
    return str(language)


def load_content(model: type[T], path: Path, root: Path = CONTENT_DIR) -> T:
    """Read ``path`` and validate it as ``model``; ContentError names file and field.

    The ``language`` key is checked here: required in every bundled file (under
    ``CONTENT_DIR``); a file of a deployment's own (the crisis lines' override) may leave it
    out, as files did before it existed, but a code it gives must be known. It is passed on
    only to a model that declares it (the others need not know it).
    """
    name = display_path(path, root)
    data = read_toml(path, root)
    if "language" in data or path.resolve().is_relative_to(CONTENT_DIR):
        content_language(data, name)
    if "language" not in model.model_fields:
        data = {k: v for k, v in data.items() if k != "language"}
    return validate_content(model, data, name)


@lru_cache(maxsize=64)
def language_of(relative: str) -> str:
    """The language of a bundled file, e.g. ``language_of("safety.toml")`` -> "en"."""
    # A plain str: a template's literal arrives as a SafeString, which Path refuses.
    path = CONTENT_DIR.joinpath(*"".join(relative).split("/"))
    return content_language(read_toml(path), display_path(path))


def check_languages(root: Path = CONTENT_DIR) -> list[str]:
    """Every TOML file under ``root`` with a missing or unknown language: the errors."""
    problems = []
    for path in sorted(root.rglob("*.toml")):
        try:
            content_language(read_toml(path, root), display_path(path, root))
        except ContentError as exc:
            problems.append(str(exc))
    return problems
