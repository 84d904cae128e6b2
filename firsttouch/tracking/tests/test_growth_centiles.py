"""Cole's LMS method on the WHO 2006 tables, checked at the tables' own published points."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from firsttouch.core.content import ContentError
from firsttouch.tracking import growth
from firsttouch.tracking.growth import LMS


def test_the_median_at_birth_and_12_months_for_boys_weight_is_the_tables() -> None:
    # WHO weight-for-age, boys, expanded table: day 0 M = 3.3464 kg; day 365 M = 9.6460 kg.
    assert growth.lms_at("weight", "boys", 0) == LMS(0.3487, 3.3464, 0.14602)
    at_year = growth.lms_at("weight", "boys", 365)
    assert at_year is not None and at_year.M == 9.646
    c = growth.centile_for("weight", "boys", 3.3464, 0)
    assert c.centile == pytest.approx(50, abs=1e-9)


def test_z_zero_is_the_50th_centile_and_gives_the_median() -> None:
    lms = growth.lms_at("head", "girls", 183)
    assert lms is not None
    assert growth.value_at(0, lms) == pytest.approx(lms.M)
    assert growth.centile_of(0) == 50


def test_the_3rd_and_97th_centiles_are_at_z_of_1_881() -> None:
    # The WHO's 3rd/97th centile curves are z = -1.881 / +1.881.
    assert growth.z_of_centile(3) == pytest.approx(-1.881, abs=1e-3)
    lms = growth.lms_at("weight", "girls", 0)
    assert lms is not None
    low, high = growth.value_at(-1.881, lms), growth.value_at(1.881, lms)
    # WHO weight-for-age girls at birth: 3rd centile 2.4 kg, 97th 4.2 kg (published, 1 dp).
    assert (round(low, 1), round(high, 1)) == (2.4, 4.2)
    assert growth.centile_for("weight", "girls", low, 0).centile == pytest.approx(3, abs=0.01)
    assert growth.centile_for("weight", "girls", high, 0).centile == pytest.approx(97, abs=0.01)


def test_lengths_have_l_of_one_so_z_is_linear() -> None:
    lms = growth.lms_at("length", "boys", 0)
    assert lms == LMS(1.0, 49.8842, 0.03795)
    assert growth.z_score(49.8842 * 1.03795, lms) == pytest.approx(1.0)


def test_an_l_near_zero_uses_the_log_form() -> None:
    lms = LMS(1e-9, 10.0, 0.1)
    assert growth.z_score(10 * math.exp(0.1), lms) == pytest.approx(1.0)
    assert growth.value_at(-1, lms) == pytest.approx(10 * math.exp(-0.1))
    # And the power form tends to the same value as L shrinks.
    assert growth.z_score(11, LMS(1e-4, 10, 0.1)) == pytest.approx(
        growth.z_score(11, lms), rel=1e-3
    )


def test_outside_birth_to_2_years_there_is_no_centile_and_it_says_so() -> None:
    older = growth.centile_for("weight", "boys", 12.5, 731)
    assert older.centile is None and "2 years" in older.reason
    assert growth.lms_at("weight", "boys", 731) is None
    early = growth.centile_for("weight", "girls", 2.1, -21, corrected=True)
    assert early.centile is None and "due date" in early.reason
    assert "no centile" in growth.sentence(early)


def test_the_sentence_states_the_centile_and_nothing_more() -> None:
    lms = growth.lms_at("weight", "boys", 122)
    assert lms is not None
    value = growth.value_at(growth.z_of_centile(40), lms)
    c = growth.centile_for("weight", "boys", value, 122, corrected=True)
    assert growth.sentence(c) == (
        f"Weight {value:.2f} kg at 4 months (corrected): about the 40th centile."
    )
    assert growth.centile_words(0.4) == "below the 1st centile"
    assert growth.centile_words(99.6) == "above the 99th centile"
    assert [growth.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 22, 97)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "22nd",
        "97th",
    ]


def test_the_bundled_tables_cover_both_sexes_three_measures_0_to_730_days() -> None:
    s = growth.read_standards()
    assert set(s.measures) == {"weight", "length", "head"}
    assert "WHO Multicentre Growth Reference Study Group" in s.source
    for table in s.measures.values():
        assert len(table.boys) == len(table.girls) == 731


def _broken(tmp_path: Path, change) -> Path:
    data = json.loads(growth.STANDARDS_PATH.read_text())
    change(data)
    path = tmp_path / "who.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["measures"].pop("head"), "missing measures: head"),
        (lambda d: d["measures"]["weight"].pop("girls"), "girls"),
        (lambda d: d["measures"]["weight"]["boys"].reverse(), "ages must rise"),
        (lambda d: d["measures"]["length"]["boys"].pop(), "to 730 days"),
        (lambda d: d["measures"]["head"]["girls"][5].__setitem__(2, 0), "M and S must be positive"),
        (lambda d: d["measures"]["head"]["girls"][5].__setitem__(3, -0.1), "M and S must be"),
    ],
)
def test_a_broken_table_stops_loading_with_a_clear_message(tmp_path, change, message) -> None:
    with pytest.raises(ContentError, match=message):
        growth.read_standards(_broken(tmp_path, change))
