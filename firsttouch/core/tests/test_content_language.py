"""Every content file names the language of its text (decision 0022)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString
from pydantic import BaseModel

from firsttouch.core.content import (
    CONTENT_DIR,
    ContentError,
    check_languages,
    language_of,
    load_content,
)
from firsttouch.core.templatetags.content_language import guidance_language_note
from tests.cast import Member


class Anything(BaseModel):
    title: str


def test_every_bundled_file_is_in_english_for_now() -> None:
    files = sorted(CONTENT_DIR.rglob("*.toml"))
    assert len(files) >= 15
    assert check_languages() == []
    assert {language_of(str(f.relative_to(CONTENT_DIR))) for f in files} == {"en"}


def test_a_bundled_file_without_a_language_stops_loading(tmp_path: Path) -> None:
    # A copy inside a content folder of its own: the rule is the same as for the bundled one.
    (tmp_path / "page.toml").write_text('title = "Hello"\n')
    assert "language: missing" in check_languages(tmp_path)[0]


def test_an_unknown_language_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.toml"
    path.write_text('language = "xx"\ntitle = "Hello"\n')
    with pytest.raises(ContentError, match="'xx' is not a language we know"):
        load_content(Anything, path, tmp_path)


def test_the_key_reaches_only_a_model_that_wants_it(tmp_path: Path) -> None:
    path = tmp_path / "page.toml"
    path.write_text('language = "en"\ntitle = "Hello"\n')
    assert load_content(Anything, path, tmp_path).title == "Hello"


def test_check_content_reports_the_languages(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("check_content")
    assert "every file names its language" in capsys.readouterr().out


def test_the_note_shows_only_when_the_page_is_in_another_language() -> None:
    assert guidance_language_note("baby_red_flags.toml") == ""
    with translation.override("es"):
        assert "guidance-language" in guidance_language_note("baby_red_flags.toml")


def test_the_routine_page_says_its_guidance_is_in_english(alice: Member) -> None:
    url = reverse("massage:routine", args=["full-body"])
    spanish = alice.client().get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'class="small muted guidance-language"' in spanish
    english = alice.client().get(url).content.decode()
    assert "guidance-language" not in english


def test_a_template_literal_names_the_file_too() -> None:
    with translation.override("fr"):
        note = guidance_language_note(SafeString("baby_red_flags.toml"))
    assert "guidance-language" in note
