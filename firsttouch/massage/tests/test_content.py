"""The routine library as data: every shipped file is valid, and a broken one is named."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from firsttouch.massage import content
from firsttouch.massage.content import ContentError, Routine, load_library

REQUIRED = [
    "bedtime-wind-down",
    "tummy-gas-constipation",
    "colic-comfort",
    "teething-face-jaw",
    "full-body",
    "preterm-gentle-touch",
]
CLOCKWISE = "up your baby's right side, across, and down your baby's left side"


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(content.CONTENT_DIR, root)
    return root


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    content.library.cache_clear()
    yield
    content.library.cache_clear()


def test_every_required_routine_ships_and_is_valid() -> None:
    lib = load_library()
    slugs = [r.slug for r in lib.routines]
    assert set(REQUIRED) <= set(slugs)
    assert len(slugs) == len(set(slugs))
    for routine in lib.routines:
        assert routine.sources and routine.purposes and routine.version
        assert routine.may_help.startswith("May help")
        assert routine.min_age_weeks <= routine.max_age_weeks


def test_durations_match_the_steps() -> None:
    for routine in load_library().routines:
        seconds = sum(s.seconds for s in routine.steps)
        assert routine.duration_minutes == -(-seconds // 60), routine.slug
        for step in routine.steps:
            assert step.repetitions * 60 / step.pace_per_minute <= step.seconds


def test_no_step_uses_deep_pressure() -> None:
    pressures = {s.pressure for r in load_library().routines for s in r.steps}
    assert pressures <= {"light", "moderate"}


def test_tummy_routine_states_the_clockwise_direction() -> None:
    routine = load_library().get("tummy-gas-constipation")
    assert routine is not None
    strokes = {s.stroke: s for s in routine.steps}
    assert "I Love You stroke" in strokes
    assert "Knees to tummy" in strokes
    tummy_text = " ".join(s.how for s in routine.steps if s.region == "tummy")
    assert "clockwise" in tummy_text.lower()
    assert CLOCKWISE in strokes["I Love You stroke"].how
    assert CLOCKWISE in strokes["Clockwise circles"].how


def test_full_body_follows_mcclures_order() -> None:
    routine = load_library().get("full-body")
    assert routine is not None
    order = [r for r in routine.regions if r != "whole_body"]
    assert order == ["legs", "feet", "tummy", "chest", "arms", "hands", "face", "back"]


def test_preterm_routine_has_three_five_minute_phases_then_settles_on_the_back() -> None:
    routine = load_library().get("preterm-gentle-touch")
    assert routine is not None
    assert routine.needs_team_approval
    assert [p.kind for p in routine.phases] == ["tactile", "kinesthetic", "tactile", "settle"]
    for phase in routine.phases[:3]:
        seconds = sum(s.seconds for s in routine.steps if s.phase == phase.id)
        assert phase.minutes == 5 and seconds == 300
    # Field's 15 minutes, then a minute turning the baby onto the back (moon-2022).
    assert routine.duration_minutes == 16
    assert routine.steps[-1].position == "back"
    assert routine.min_age_weeks < 0  # corrected age before the due date


def test_a_bad_field_names_the_file_and_the_field_path(broken_copy: Path) -> None:
    path = broken_copy / "routines" / "full-body.toml"
    # The second step's pressure becomes "deep", which the schema forbids.
    path.write_text(
        path.read_text().replace(
            'avoid = "Firm enough not to tickle, never deep."', 'pressure = "deep"', 1
        )
    )
    with pytest.raises(ContentError) as err:
        load_library(broken_copy)
    message = str(err.value)
    assert "content/routines/full-body.toml" in message
    assert "steps.1.pressure" in message


def test_a_duration_that_disagrees_with_the_steps_is_refused(broken_copy: Path) -> None:
    path = broken_copy / "routines" / "teething-face-jaw.toml"
    path.write_text(path.read_text().replace("duration_minutes = 4", "duration_minutes = 9"))
    with pytest.raises(ContentError, match=r"teething-face-jaw\.toml.*9 but the steps add up"):
        load_library(broken_copy)


def test_invalid_toml_and_missing_files_are_named(broken_copy: Path) -> None:
    (broken_copy / "cues.toml").write_text("source = [unclosed\n")
    with pytest.raises(ContentError, match=r"content/cues\.toml: not valid TOML"):
        load_library(broken_copy)
    (broken_copy / "cues.toml").unlink()
    with pytest.raises(ContentError, match=r"content/cues\.toml: the file is missing"):
        load_library(broken_copy)


def test_unknown_safety_region_is_named(broken_copy: Path) -> None:
    path = broken_copy / "safety.toml"
    path.write_text(path.read_text().replace('regions = ["tummy"]', 'regions = ["belly"]'))
    with pytest.raises(ContentError, match=r"safety\.toml: questions\.3\.regions\.0"):
        load_library(broken_copy)


def test_app_start_up_stops_on_a_broken_library(
    broken_copy: Path, fresh_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = broken_copy / "routines" / "colic-comfort.toml"
    path.write_text(path.read_text().replace('purposes = ["colic", "gas"]', 'purposes = ["cure"]'))
    monkeypatch.setattr(content, "CONTENT_DIR", broken_copy)
    with pytest.raises(ImproperlyConfigured, match=r"colic-comfort\.toml: purposes\.0"):
        apps.get_app_config("massage").ready()


def test_models_are_usable_as_json_schemas() -> None:
    schema = Routine.model_json_schema()
    assert schema["properties"]["steps"]["type"] == "array"
    step = schema["$defs"]["Step"]["properties"]
    assert step["pressure"]["enum"] == ["light", "moderate"]
    assert "whole_body" in step["region"]["enum"]
    assert content.Library.model_json_schema()["title"] == "Library"


def test_check_content_command_reports_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("check_content", verbosity=2)
    out = capsys.readouterr().out
    assert "Content OK: 7 routines" in out
    assert "preterm-gentle-touch" in out


def test_check_content_command_fails_on_a_broken_library(
    broken_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (broken_copy / "routines" / "extra.toml").write_text('slug = "extra"\n')
    monkeypatch.setattr(
        "firsttouch.massage.management.commands.check_content.CONTENT_DIR", broken_copy
    )
    with pytest.raises(CommandError, match=r"routines/extra\.toml"):
        call_command("check_content")
