"""The lactation massage guide as data (content/lactation.toml), validated by pydantic.

Like the massage library, the guide is clinical wording that people who do not read Python
must be able to review, so it lives in TOML and is checked at start-up
(``LactationConfig.ready``): a broken file stops the app with a message naming the field.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ConfigDict, Field, model_validator

from firsttouch.core.content import ContentError, load_content

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "lactation.toml"

# "product": firsttouch's own guidance where no published source exists (the wand).
SourceId = Literal["abm-36", "douglas-2023", "witt-2016", "product"]
Text = Annotated[str, Field(min_length=1, max_length=600)]


class GuideError(ImproperlyConfigured):
    """The guide file is missing or does not match the schema."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    id: SourceId
    title: Text


class Step(_Model):
    title: Annotated[str, Field(min_length=1, max_length=80)]
    text: Text
    source: SourceId


class Line(_Model):
    text: Text
    source: SourceId


class Guide(_Model):
    title: Text
    intro: Text
    sources: list[Source]
    steps: Annotated[list[Step], Field(min_length=1)]
    aftercare: list[Line]
    notes: list[Line]
    warnings: Annotated[list[Line], Field(min_length=1)]

    @model_validator(mode="after")
    def _sources_are_listed(self) -> Guide:
        listed = {s.id for s in self.sources}
        lines: list[Step | Line] = [*self.steps, *self.aftercare, *self.notes, *self.warnings]
        used = {x.source for x in lines}
        missing = sorted(used - listed)
        if missing:
            raise ValueError(f"sources: add an entry for {', '.join(missing)}")
        return self

    def source_title(self, source_id: str) -> str:
        return next((s.title for s in self.sources if s.id == source_id), source_id)


def load_guide(path: Path = CONTENT_FILE) -> Guide:
    try:
        return load_content(Guide, path, path.parent)
    except ContentError as exc:
        raise GuideError(str(exc)) from exc


@cache
def guide() -> Guide:
    """The shipped guide, loaded once per process."""
    return load_guide()
