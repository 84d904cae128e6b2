"""The massage pages in Spanish and French (issue 12): the page is translated, the routine's
clinical content (steps, safety questions) stays as written in content/*.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from firsttouch.babies.models import Baby
from firsttouch.massage.content import describe_weeks, region_label
from firsttouch.massage.models import MassageSession
from tests.cast import Member

from .helpers import safety_post


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        ("es", ["Sugerencias para Mia", "Registrar un masaje después", "Sesiones anteriores"]),
        ("fr", ["Suggestions pour Mia", "Noter un massage après coup", "Séances passées"]),
    ],
)
def test_the_library_speaks_the_browsers_language(
    alice: Member, mia: Baby, language: str, sentences: list[str]
) -> None:
    page = alice.client().get(reverse("massage:library"), HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert page.status_code == 200
    for sentence in sentences:
        assert sentence in text
    for english in ("Suggested for", "Log a massage afterwards", "Past sessions"):
        assert english not in text


@pytest.mark.parametrize(
    ("language", "step", "pause", "stop"),
    [
        ("es", "Paso %(n)s de %(total)s", "Pausa", "Al bebé no le está gustando"),
        ("fr", "Étape %(n)s sur %(total)s", "Pause", "Bébé n’apprécie pas"),
    ],
)
def test_the_players_words_come_translated_from_the_page(
    alice: Member, mia: Baby, language: str, step: str, pause: str, stop: str
) -> None:
    """player.js writes no words: it fills the blanks of the page's data-t-* sentences."""
    client = alice.client()
    client.post(reverse("massage:start", args=["full-body"]), safety_post("full-body", mia))
    session = MassageSession.objects.get()
    html = client.get(
        reverse("massage:play", args=[session.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert f'data-t-step="{step % {"n": "{n}", "total": "{total}"}}"' in html
    assert f'data-t-pause="{pause}"' in html
    assert stop in html and "Baby isn’t enjoying this" not in html
    assert "Step 1 of" not in html


def test_the_player_script_has_no_english_sentences() -> None:
    script = (Path(settings.BASE_DIR) / "massage/static/massage/player.js").read_text()
    for english in ("Stroke ", "Resume", "Paused", "All done", "Picked up", " pressure"):
        assert f'"{english}' not in script


def test_labels_built_in_python_follow_the_active_language() -> None:
    with translation.override("fr"):
        assert region_label("tummy") == "Ventre"
        assert describe_weeks(6) == "6 semaines"
    with translation.override("es"):
        assert region_label("tummy") == "Barriga"
        assert describe_weeks(1) == "1 semana"
    assert region_label("tummy") == "Tummy" and describe_weeks(-2) == "2 weeks before due date"
