"""Exports hold the family's data and the caller's own private records, nothing else."""

from __future__ import annotations

import json

from firsttouch.babies.models import Baby
from firsttouch.portability import export, fhir
from firsttouch.portability.tests.factories import fill
from firsttouch.wellbeing import services as wellbeing
from tests.cast import Member


def test_dans_export_has_the_baby_but_not_alices_screenings_or_mood(
    alice: Member, dan: Member, mia: Baby
) -> None:
    logged = fill(alice, mia)
    # Even a screening she shared with the family is hers, not part of his export.
    wellbeing.set_shared(logged.screening, True)
    files = export.csv_files(dan.user, dan.family)
    assert "Mia" in files["babies.csv"]
    assert files["screenings.csv"].count("\n") == 1  # the header only
    assert files["screening_answers.csv"].count("\n") == 1
    assert "alice@example.com" not in "".join(files.values())
    for name in ("mood.csv", "self_care.csv", "symptoms.csv", "lactation_sessions.csv"):
        assert files[name].count("\n") == 1, name
    bundle = fhir.bundle(dan.user, dan.family)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "QuestionnaireResponse" not in kinds and "Patient" in kinds


def test_bobs_export_never_holds_alices_family(
    alice: Member, mia: Baby, bob: Member, leo: Baby
) -> None:
    fill(alice, mia, note="Alice's secret note")
    fill(bob, leo, note="Bob's note", screening=False)
    files = export.csv_files(bob.user, bob.family)
    text = "".join(files.values())
    assert "Leo" in text and "Bob's note" in text
    assert "Mia" not in text and "Alice's secret note" not in text
    assert "alice@example.com" not in text
    bundle = json.dumps(fhir.bundle(bob.user, bob.family))
    assert "Mia" not in bundle and "Leo" in bundle and "QuestionnaireResponse" not in bundle
