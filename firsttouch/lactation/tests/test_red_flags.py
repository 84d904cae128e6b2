"""Each red-flag rule and its edges, on unsaved sessions (no database, no HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from firsttouch.lactation.models import LactationSession
from firsttouch.lactation.red_flags import red_flags

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_ids = iter(range(1, 10_000))


def s(hours_ago: float = 0, **fields: Any) -> LactationSession:
    """A session ``hours_ago`` before NOW; a distinct pk so it is never mistaken for another."""
    fields.setdefault("side", "left")
    return LactationSession(pk=next(_ids), started_at=NOW - timedelta(hours=hours_ago), **fields)


def codes(session: LactationSession, previous: list[LactationSession] | None = None) -> list[str]:
    return [f.code for f in red_flags(session, previous or [])]


def test_a_calm_session_raises_nothing() -> None:
    assert red_flags(s(pain=3, temperature_c=Decimal("37.2")), []) == []


@pytest.mark.parametrize(
    ("temp", "flagged"),
    [("38.4", False), ("38.5", True), ("38.6", True), ("40.1", True), ("36.8", False)],
)
def test_fever_from_38_5(temp: str, flagged: bool) -> None:
    flags = red_flags(s(temperature_c=Decimal(temp)), [])
    assert (["fever"] if flagged else []) == [f.code for f in flags]
    if flagged:
        assert flags[0].urgency == "same_day" and flags[0].source == "abm-36"
        assert temp in flags[0].message


def test_no_temperature_is_no_fever() -> None:
    assert codes(s(temperature_c=None)) == []


def test_feeling_very_unwell_is_same_day() -> None:
    flags = red_flags(s(very_unwell=True), [])
    assert [(f.code, f.urgency) for f in flags] == [("very_unwell", "same_day")]


def test_fever_and_very_unwell_is_urgent_sepsis_first() -> None:
    flags = red_flags(s(very_unwell=True, temperature_c=Decimal("38.5")), [])
    assert flags[0].code == "sepsis_signs" and flags[0].urgency == "urgent"
    assert {"fever", "very_unwell"} <= {f.code for f in flags}


def test_very_unwell_at_38_4_is_not_sepsis() -> None:
    assert "sepsis_signs" not in codes(s(very_unwell=True, temperature_c=Decimal("38.4")))


def test_spreading_redness_is_same_day_a_patch_is_not() -> None:
    assert codes(s(redness="spreading")) == ["spreading_redness"]
    assert codes(s(redness="patch")) == []


@pytest.mark.parametrize(
    ("pain", "hot", "flagged"),
    [(6, True, False), (7, True, True), (10, True, True), (9, False, False)],
)
def test_a_hot_very_painful_area_from_pain_7(pain: int, hot: bool, flagged: bool) -> None:
    assert ("hot_painful_area" in codes(s(pain=pain, hot_area=hot))) is flagged


def test_pus_or_blood_from_the_nipple() -> None:
    assert codes(s(pus_or_blood=True)) == ["pus_or_blood"]


@pytest.mark.parametrize(("hours", "flagged"), [(None, False), (23, False), (24, True), (48, True)])
def test_a_lump_there_24_hours_or_more(hours: int | None, flagged: bool) -> None:
    assert ("lasting_lump" in codes(s(lump=True, lump_hours=hours))) is flagged


def test_lump_hours_without_a_lump_now_raise_nothing() -> None:
    assert codes(s(lump=False, lump_hours=72)) == []


@pytest.mark.parametrize(
    ("earlier", "flagged"),
    [(23.9, False), (24, True), (47, True), (24 * 7, True), (24 * 7 + 1, False)],
)
def test_a_lump_also_logged_24_hours_earlier_on_that_side(earlier: float, flagged: bool) -> None:
    previous = [s(earlier, lump=True)]
    assert ("lasting_lump" in codes(s(lump=True), previous)) is flagged


def test_a_lump_on_the_other_side_or_without_a_lump_now_does_not_count() -> None:
    assert codes(s(lump=True), [s(30, lump=True, side="right")]) == []
    assert codes(s(lump=False), [s(30, lump=True)]) == []
    assert codes(s(lump=True), [s(30, lump=False)]) == []


def test_rapid_worsening_is_urgent() -> None:
    previous = [s(11, pain=4)]
    flags = red_flags(s(pain=7, redness="spreading"), previous)
    assert flags[0].code == "worsening_fast" and flags[0].urgency == "urgent"


@pytest.mark.parametrize(
    ("earlier_pain", "hours", "redness", "side", "flagged"),
    [
        (5, 6, "spreading", "left", False),  # up 2 points only
        (4, 12, "spreading", "left", True),  # 12 h is inside the window
        (4, 12.5, "spreading", "left", False),  # too long ago to be "rapid"
        (4, 6, "patch", "left", False),  # redness not spreading
        (4, 6, "spreading", "right", False),  # the other breast
    ],
)
def test_rapid_worsening_edges(
    earlier_pain: int, hours: float, redness: str, side: str, flagged: bool
) -> None:
    previous = [s(hours, pain=earlier_pain, side=side)]
    assert ("worsening_fast" in codes(s(pain=7, redness=redness), previous)) is flagged


def test_a_later_session_is_never_used_as_an_earlier_one() -> None:
    assert codes(s(lump=True), [s(-30, lump=True)]) == []
    assert "worsening_fast" not in codes(s(pain=8, redness="spreading"), [s(-2, pain=1)])


def test_the_session_itself_in_the_history_is_ignored() -> None:
    session = s(lump=True, pain=8, redness="spreading")
    assert codes(session, [session]) == ["spreading_redness"]


def test_every_flag_has_plain_words_and_a_source() -> None:
    session = s(
        very_unwell=True,
        temperature_c=Decimal("39"),
        redness="spreading",
        pain=9,
        lump=True,
        lump_hours=30,
        pus_or_blood=True,
    )
    flags = red_flags(session, [s(3, pain=2)])
    assert [f.urgency for f in flags] == ["urgent"] * 2 + ["same_day"] * 5
    for flag in flags:
        assert flag.source == "abm-36"
        assert flag.message.endswith(".") and len(flag.message) > 20
