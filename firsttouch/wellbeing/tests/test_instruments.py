"""The bundled EPDS file: published wording, citation, codes, and a validated schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from firsttouch.massage.content import ContentError
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR, epds, instruments, load_bundled

# The published item wording (Cox, Holden, Sagovsky 1987), written out again here so an edit
# to the content file cannot pass unnoticed.
PUBLISHED = [
    "I have been able to laugh and see the funny side of things",
    "I have looked forward with enjoyment to things",
    "I have blamed myself unnecessarily when things went wrong",
    "I have been anxious or worried for no good reason",
    "I have felt scared or panicky for no very good reason",
    "Things have been getting on top of me",
    "I have been so unhappy that I have had difficulty sleeping",
    "I have felt sad or miserable",
    "I have been so unhappy that I have been crying",
    "The thought of harming myself has occurred to me",
]


def test_the_epds_has_the_published_items_in_order() -> None:
    instrument = epds()
    assert [i.text for i in instrument.items] == PUBLISHED
    assert [i.link_id for i in instrument.items] == [str(n) for n in range(1, 11)]
    assert all(len(i.options) == 4 and i.required for i in instrument.items)
    assert [o.text for o in instrument.item("10").options] == [  # type: ignore[union-attr]
        "Yes, quite often",
        "Sometimes",
        "Hardly ever",
        "Never",
    ]
    assert [i.link_id for i in instrument.items if i.safety] == ["10"]
    assert instrument.max_score == 30


def test_the_epds_carries_the_citation_its_authors_require() -> None:
    citation = epds().citation
    assert citation is not None
    assert citation.authors == "Cox, J.L., Holden, J.M., Sagovsky, R."
    assert citation.title == (
        "Detection of postnatal depression: development of the 10-item "
        "Edinburgh Postnatal Depression Scale"
    )
    assert citation.source == "British Journal of Psychiatry 1987;150:782-786"


def test_the_epds_codes_and_subscale() -> None:
    instrument = epds()
    assert instrument.loinc is not None
    assert (instrument.loinc.panel, instrument.loinc.total) == ("71354-5", "99046-5")
    assert [(s.id, s.items) for s in instrument.subscales] == [("epds-3a", ["3", "4", "5"])]
    assert "epds-cox-1987" in instrument.sources


def test_the_registry_finds_by_id_and_version(db: None) -> None:
    assert instruments().get("epds") == epds()
    assert instruments().get("epds", "1.0.0") == epds()
    assert instruments().get("epds", "9.9") is None
    assert instruments().get("nothing") is None


def copy_of_content(tmp_path: Path) -> Path:
    target = tmp_path / "instruments"
    shutil.copytree(INSTRUMENTS_DIR, target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'score = 3 },\n]\n\n[[items]]\nlink_id = "2"',
            'score = 300 },\n]\n\n[[items]]\nlink_id = "2"',
            "score",
        ),
        ('authors = "Cox, J.L., Holden, J.M., Sagovsky, R."', 'authors = "Someone"', "citation"),
        ('items = ["3", "4", "5"]', 'items = ["3", "4", "50"]', "unknown items"),
        ('link_id = "2"', 'link_id = "1"', "unique"),
        ('sources = ["epds-cox-1987"', 'sources = ["made-up"', "unknown source"),
    ],
)
def test_a_broken_instrument_file_stops_start_up_naming_the_problem(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    root = copy_of_content(tmp_path)
    path = root / "epds.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError, match=message):
        load_bundled(root)
