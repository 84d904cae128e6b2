"""The baby red-flag rules at their edges, without HTTP (issue 9, points 1 and 3)."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from firsttouch.babies.models import Baby
from firsttouch.core.content import CONTENT_DIR
from firsttouch.tracking import red_flags
from firsttouch.tracking.models import Growth, IllnessCheck, Nappy
from firsttouch.tracking.red_flags import (
    RedFlagsError,
    add_months,
    load_red_flags,
    under_three_months,
    warnings_for,
)

BIRTH = date(2026, 1, 31)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def baby(birth: date = BIRTH) -> Baby:
    return Baby(name="Mia", birth_date=birth)


def stool(colour: str, *, age_days: int = 20, dirty: bool = True) -> Nappy:
    b = baby()
    return Nappy(baby=b, time=noon(BIRTH + timedelta(days=age_days)), dirty=dirty, colour=colour)


def check(
    temperature: str | None = None, signs: list[str] | None = None, *, on: date
) -> IllnessCheck:
    return IllnessCheck(
        baby=baby(),
        time=noon(on),
        temperature_c=Decimal(temperature) if temperature else None,
        signs=signs or [],
    )


def codes(entry: object) -> list[str]:
    return [w.code for w in warnings_for(entry)]  # type: ignore[arg-type]


# --- Stools ------------------------------------------------------------------------------------


def test_a_pale_stool_is_a_today_flag_that_says_contact_the_doctor_today() -> None:
    [w] = warnings_for(stool("pale"))
    assert w.code == "stool-pale"
    assert w.urgency == "today"
    assert "contact your doctor or health visitor today" in w.action.lower()
    assert "liver problem that needs checking quickly" in w.message
    assert w.source == "chen-2006"
    assert w.logged_at == noon(BIRTH + timedelta(days=20))


def test_blood_in_the_stool_is_a_today_flag() -> None:
    [w] = warnings_for(stool("red"))
    assert (w.code, w.urgency) == ("stool-blood", "today")


@pytest.mark.parametrize("colour", ["yellow", "green", "brown", ""])
def test_normal_colours_raise_nothing(colour: str) -> None:
    assert warnings_for(stool(colour)) == []


def test_a_black_stool_is_flagged_from_day_5_not_before() -> None:
    assert codes(stool("black", age_days=4)) == []
    assert codes(stool("black", age_days=5)) == ["stool-black"]


def test_a_colour_on_a_nappy_not_ticked_dirty_raises_nothing() -> None:
    # The form refuses it; the rule still never reads a colour off a wet-only nappy.
    assert warnings_for(stool("pale", dirty=False)) == []


def test_other_kinds_of_entry_raise_nothing() -> None:
    assert warnings_for(Growth(baby=baby(), time=noon(BIRTH), weight_g=4000)) == []


# --- Fever and signs of illness (NICE NG143) -----------------------------------------------------


def test_the_three_month_birthday_is_the_same_day_three_months_on() -> None:
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    # No 31 April: the month's last day.
    assert add_months(BIRTH, 3) == date(2026, 4, 30)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_under_three_months_ends_on_the_three_month_birthday() -> None:
    assert under_three_months(BIRTH, date(2026, 4, 29))
    assert not under_three_months(BIRTH, date(2026, 4, 30))


def test_37_9_degrees_raises_nothing_at_6_weeks() -> None:
    assert codes(check("37.9", on=BIRTH + timedelta(weeks=6))) == []


def test_38_0_degrees_at_6_weeks_is_urgent_assessment_now() -> None:
    [w] = warnings_for(check("38.0", on=BIRTH + timedelta(weeks=6)))
    assert (w.code, w.urgency, w.source) == ("fever-under-3-months", "urgent", "nice-ng143")
    assert "urgent medical assessment now" in w.action.lower()


def test_38_at_the_last_day_under_3_months_is_urgent_and_on_the_day_is_today() -> None:
    assert codes(check("38.0", on=date(2026, 4, 29))) == ["fever-under-3-months"]
    [w] = warnings_for(check("38.0", on=date(2026, 4, 30)))
    assert (w.code, w.urgency) == ("fever-3-months-or-older", "today")


def test_a_preterm_baby_uses_the_birth_date_not_the_corrected_age() -> None:
    preterm = IllnessCheck(
        baby=Baby(name="Ada", birth_date=BIRTH, gestational_weeks=30),
        time=noon(date(2026, 5, 10)),
        temperature_c=Decimal("38.2"),
    )
    assert codes(preterm) == ["fever-3-months-or-older"]


@pytest.mark.parametrize(
    "sign", ["floppy", "hard_to_wake", "non_fading_rash", "breathing_difficulty", "abnormal_cry"]
)
def test_each_serious_sign_is_an_emergency_at_any_age(sign: str) -> None:
    for on in (BIRTH + timedelta(days=10), date(2026, 12, 1)):
        [w] = warnings_for(check(signs=[sign], on=on))
        assert (w.code, w.urgency) == ("serious-illness-signs", "emergency")


def test_feeding_poorly_is_a_today_flag_and_vomiting_alone_raises_nothing() -> None:
    [w] = warnings_for(check(signs=["feeding_poorly"], on=date(2026, 6, 1)))
    assert (w.code, w.urgency) == ("feeding-poorly", "today")
    assert warnings_for(check(signs=["vomiting"], on=date(2026, 6, 1))) == []


def test_several_flags_come_most_urgent_first() -> None:
    entry = check("38.5", ["feeding_poorly", "floppy"], on=BIRTH + timedelta(weeks=6))
    assert codes(entry) == ["serious-illness-signs", "fever-under-3-months", "feeding-poorly"]


# --- The content file --------------------------------------------------------------------------


def test_every_flag_cites_a_source_listed_in_docs_sources() -> None:
    listed = (CONTENT_DIR.parent.parent / "docs" / "sources.md").read_text()
    for flag in red_flags.red_flags().flags:
        if flag.source != "product":
            assert f"`{flag.source}`" in listed


def test_a_flag_missing_from_the_file_stops_loading(tmp_path: Path) -> None:
    text = (CONTENT_DIR / "baby_red_flags.toml").read_text()
    broken = tmp_path / "baby_red_flags.toml"
    broken.write_text(text.replace('code = "stool-pale"', 'code = "stool-purple"'))
    with pytest.raises(RedFlagsError, match=r"baby_red_flags\.toml: flags\.0\.code"):
        load_red_flags(broken)


def test_an_unknown_urgency_stops_loading(tmp_path: Path) -> None:
    text = (CONTENT_DIR / "baby_red_flags.toml").read_text()
    broken = tmp_path / "baby_red_flags.toml"
    broken.write_text(text.replace('urgency = "urgent"', 'urgency = "soonish"', 1))
    with pytest.raises(RedFlagsError, match="urgency"):
        load_red_flags(broken)


def test_check_content_fails_on_a_broken_red_flag_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    flags = copy / "baby_red_flags.toml"
    flags.write_text(flags.read_text().replace('source = "nice-ng143"', 'source = "blog"', 1))
    monkeypatch.setattr("firsttouch.massage.management.commands.check_content.CONTENT_DIR", copy)
    with pytest.raises(CommandError, match=r"baby_red_flags\.toml: flags\.3\.source"):
        call_command("check_content")
