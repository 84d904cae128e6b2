"""A fake "validated translation" of the EPDS for tests: the real scale's structure, clearly
made-up wording ("[test] item 1"), never a real translation (none is bundled; see
docs/decisions/0023-epds-languages.md). Written as TOML into a temporary content folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from firsttouch.wellbeing.instruments import epds

FAKE_STUDY = {
    "authors": "Test, A., Fixture, B.",
    "title": "[test] A made-up validation study used only by the test suite",
    "journal": "Journal of Test Fixtures 1:1-2",
    "year": 2001,
}


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def fake_epds_toml(
    language: str = "es",
    scores: dict[str, list[int]] | None = None,
    safety_item: str = "10",
    validation: dict[str, Any] | None = FAKE_STUDY,
) -> str:
    """The EPDS as a ``epds.<language>.toml`` file, optionally with other ``scores`` for some
    items (to test the check that refuses them) or the safety flag on another item."""
    original = epds()
    assert original.citation is not None
    lines = [
        f"id = {_s(original.id)}",
        f"version = {_s(original.version)}",
        f"title = {_s('[test] EPDS title in ' + language)}",
        'short_title = "EPDS"',
        f"language = {_s(language)}",
        "period_days = 7",
        f"intro = {_s('[test] instructions in ' + language)}",
        f"sources = {json.dumps(original.sources)}",
        "",
        "[citation]",
        f"authors = {_s(original.citation.authors)}",
        f"title = {_s(original.citation.title)}",
        f"source = {_s(original.citation.source)}",
        f"terms = {_s(original.citation.terms)}",
    ]
    if validation is not None:
        lines += ["", "[validation]"]
        lines += [f"{k} = {v if isinstance(v, int) else _s(v)}" for k, v in validation.items()]
    if original.loinc is not None:
        lines += ["", "[loinc]", f"panel = {_s(original.loinc.panel)}"]
        if original.loinc.total:
            lines.append(f"total = {_s(original.loinc.total)}")
    for sub in original.subscales:
        lines += [
            "",
            "[[subscales]]",
            f"id = {_s(sub.id)}",
            f"title = {_s('[test] ' + sub.id)}",
            f"items = {json.dumps(sub.items)}",
            f"source = {_s(sub.source)}",
        ]
    for item in original.items:
        given = (scores or {}).get(item.link_id, [o.score for o in item.options])
        lines += [
            "",
            "[[items]]",
            f"link_id = {_s(item.link_id)}",
            f"text = {_s(f'[test] item {item.link_id}')}",
        ]
        if item.link_id == safety_item:
            lines.append("safety = true")
        lines.append("options = [")
        lines += [
            f"  {{ text = {_s(f'[test] answer {item.link_id}.{n}')}, score = {score} }},"
            for n, score in enumerate(given, start=1)
        ]
        lines.append("]")
    return "\n".join(lines) + "\n"


def write_fake(root: Path, language: str = "es", **kwargs: Any) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"epds.{language}.toml"
    path.write_text(fake_epds_toml(language, **kwargs), encoding="utf-8")
    return path
