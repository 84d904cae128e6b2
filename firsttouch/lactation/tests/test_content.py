"""content/lactation.toml is validated, and a broken copy names the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from firsttouch.lactation.content import CONTENT_FILE, GuideError, load_guide


def test_the_shipped_guide_is_valid_and_cites_every_source() -> None:
    guide = load_guide()
    used = {s.source for s in guide.steps} | {x.source for x in guide.aftercare + guide.notes}
    assert used == {"abm-36", "douglas-2023", "witt-2016", "product"}
    text = " ".join(s.text for s in guide.steps)
    assert "lowest vibration" in text and "toward the armpit" in text


def test_the_wand_step_cites_our_own_guidance_not_abm_36() -> None:
    """ABM #36 says nothing about a vibrating massager: the wand step is product guidance."""
    guide = load_guide()
    wand = [s for s in guide.steps if "wand" in s.text]
    assert wand and all(s.source == "product" for s in wand)
    assert "own guidance" in guide.source_title("product")


def test_an_unknown_source_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "lactation.toml"
    broken.write_text(
        CONTENT_FILE.read_text().replace('source = "witt-2016"', 'source = "blog-2024"')
    )
    with pytest.raises(GuideError, match=r"notes\.1\.source"):
        load_guide(broken)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(GuideError, match="missing"):
        load_guide(tmp_path / "lactation.toml")
