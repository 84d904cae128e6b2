"""``firsttouch import_instrument``: a clinic's questionnaire as FHIR, validated then stored."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from firsttouch.wellbeing import services
from firsttouch.wellbeing.fhir import to_fhir_questionnaire
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR, epds, instruments
from firsttouch.wellbeing.models import ImportedInstrument
from tests.cast import Member

DEMO = INSTRUMENTS_DIR / "demo-bonding.fhir.json"


def run(path: Path) -> str:
    out = StringIO()
    call_command("import_instrument", str(path), stdout=out)
    return out.getvalue()


def test_it_imports_the_demo_and_the_engine_scores_it(alice: Member) -> None:
    assert "Imported demo-bonding 0.1.0" in run(DEMO)
    instrument = instruments().get("demo-bonding")
    assert instrument is not None and instrument.origin == "imported" and instrument.demo
    assert "demo-bonding" in [i.id for i in instruments().all()]
    response = services.submit(
        alice.user, alice.family, "demo-bonding", {"1": 0, "2": 1, "3": 3, "4": 2}, finish=True
    )
    assert response.total == 3 + 2 + 0 + 1
    assert response.subscales == {"closeness": 5, "confidence": 1}
    assert response.band == ""


def test_importing_the_same_file_twice_changes_nothing(db: None) -> None:
    run(DEMO)
    assert "Already up to date" in run(DEMO)
    assert ImportedInstrument.objects.count() == 1


def test_changed_wording_under_the_same_version_is_refused(db: None, tmp_path: Path) -> None:
    run(DEMO)
    data = json.loads(DEMO.read_text())
    data["item"][0]["text"] = "Something else"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="Raise the version"):
        run(changed)
    data["version"] = "0.2.0"
    changed.write_text(json.dumps(data))
    run(changed)
    assert instruments().get("demo-bonding").items[0].text == "Something else"  # type: ignore[union-attr]
    assert instruments().get("demo-bonding", "0.1.0") is not None


def test_the_bundled_epds_cannot_be_replaced(db: None, tmp_path: Path) -> None:
    path = tmp_path / "epds.json"
    path.write_text(json.dumps(to_fhir_questionnaire(epds())))
    with pytest.raises(CommandError, match="bundled"):
        run(path)
    assert not ImportedInstrument.objects.exists()


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"resourceType": "Patient"}'])
def test_a_bad_file_is_refused_with_a_reason(db: None, tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=r"bad\.json"):
        run(path)
    assert not ImportedInstrument.objects.exists()


def test_a_missing_file_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "nope.json")
