"""Stroke pictures: every step names a drawing that exists, with alt text, and pages show it."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from firsttouch.babies.models import Baby
from firsttouch.massage import content
from firsttouch.massage.content import STROKES_DIR, ContentError, load_library
from firsttouch.massage.models import MassageSession
from tests.cast import Member

from .helpers import safety_post


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(content.CONTENT_DIR, root)
    return root


def test_every_step_of_every_routine_has_an_existing_picture_with_alt_text() -> None:
    lib = load_library()
    steps = [s for r in lib.routines for s in r.steps]
    assert steps
    for step in steps:
        picture = lib.pictures[step.picture]
        assert picture.alt.strip(), step.picture
        svg = (STROKES_DIR / f"{step.picture}.svg").read_text()
        assert svg.startswith("<svg ") and 'viewBox="' in svg
        assert " id=" not in svg  # a page may show the same picture twice


def test_every_listed_picture_is_used_by_some_step() -> None:
    lib = load_library()
    used = {s.picture for r in lib.routines for s in r.steps}
    assert set(lib.pictures) == used


def test_clockwise_steps_share_the_clockwise_picture_and_its_alt_says_so() -> None:
    lib = load_library()
    clockwise = {
        s.picture for r in lib.routines for s in r.steps if s.stroke.startswith("Clockwise")
    }
    assert clockwise == {"tummy-clockwise"}
    alt = lib.pictures["tummy-clockwise"].alt
    assert "clockwise" in alt and "up the baby's right side" in alt


def test_tummy_down_steps_are_drawn_on_the_tummy() -> None:
    lib = load_library()
    for routine in lib.routines:
        for step in routine.steps:
            if step.position == "tummy":
                assert step.picture.startswith("back-"), (routine.slug, step.stroke)


def test_a_step_without_a_picture_is_refused(broken_copy: Path) -> None:
    path = broken_copy / "routines" / "colic-comfort.toml"
    path.write_text(path.read_text().replace('picture = "tummy-water-wheel"\n', "", 1))
    with pytest.raises(
        ContentError, match=r"colic-comfort\.toml: steps\.1\.picture: Field required"
    ):
        load_library(broken_copy)


def test_a_picture_not_in_the_list_is_named(broken_copy: Path) -> None:
    path = broken_copy / "routines" / "colic-comfort.toml"
    path.write_text(
        path.read_text().replace('picture = "tummy-water-wheel"', 'picture = "paddles"', 1)
    )
    with pytest.raises(
        ContentError, match=r"colic-comfort\.toml: step 2 \(Water wheel\): picture 'paddles'"
    ):
        load_library(broken_copy)


def test_a_listed_picture_without_its_drawing_is_refused(broken_copy: Path, tmp_path: Path) -> None:
    strokes = tmp_path / "strokes"
    shutil.copytree(STROKES_DIR, strokes)
    (strokes / "tummy-water-wheel.svg").unlink()
    with pytest.raises(ContentError, match=r"pictures\.toml: picture 'tummy-water-wheel'"):
        load_library(broken_copy, strokes)


def test_a_picture_without_alt_text_is_refused(broken_copy: Path) -> None:
    path = broken_copy / "pictures.toml"
    text = path.read_text()
    alt = re.search(r'name = "rest-hands"\nalt = "([^"]*)"', text)
    assert alt
    path.write_text(text.replace(alt.group(1), "", 1))
    with pytest.raises(ContentError, match=r"pictures\.toml: pictures\.0\.alt"):
        load_library(broken_copy)


def labelled_pictures(html: str) -> list[tuple[str, str]]:
    """(picture name, aria-label) of every inline drawing on a page."""
    found = re.findall(r'<svg role="img" aria-label="([^"]*)" [^>]*data-picture="([^"]+)"', html)
    return [(name, unescape(label)) for label, name in found]


def test_routine_page_shows_each_steps_picture_with_its_alt(alice: Member, mia: Baby) -> None:
    lib = content.library()
    routine = lib.get("full-body")
    assert routine is not None
    html = alice.client().get(reverse("massage:routine", args=[routine.slug])).content.decode()
    shown = labelled_pictures(html)
    assert [name for name, _ in shown] == [s.picture for s in routine.steps]
    for name, label in shown:
        assert label == lib.pictures[name].alt


def test_player_draws_the_first_step_and_has_every_other_ready(alice: Member, mia: Baby) -> None:
    client = alice.client()
    client.post(reverse("massage:start", args=["colic-comfort"]), safety_post("colic-comfort", mia))
    session = MassageSession.objects.get()
    html = client.get(reverse("massage:play", args=[session.pk])).content.decode()
    routine = content.library().get("colic-comfort")
    assert routine is not None
    names = [name for name, _ in labelled_pictures(html)]
    assert names == list(dict.fromkeys(s.picture for s in routine.steps))
    first = re.search(r'<svg role="img"[^>]*data-picture="rest-hands"[^>]*class="([^"]*)"', html)
    assert first and first.group(1) == "stroke-picture"
    others = re.findall(r'<svg role="img"[^>]*class="stroke-picture is-hidden"', html)
    assert len(others) == len(names) - 1
    assert '"picture": "tummy-water-wheel"' in html  # the player's step data names each picture
