"""The doctor's PDF in Spanish and French: its words, and a font that has every letter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from fontTools.ttLib import TTFont

from firsttouch.babies.models import Baby
from firsttouch.core.pdf import FONTS
from firsttouch.reports.pdf import baby_summary_pdf
from tests.cast import Member

from .helpers import pages, text

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
TODAY = NOW.astimezone(ZONE).date()
# Every letter and mark Spanish and French write, capitals included, and their quotes.
LETTERS = "áéíóúüñÁÉÍÓÚÜÑ¿¡àâæçèêëîïôœùûÿÀÂÆÇÈÊËÎÏÔŒÙÛŸ«»’–…"
CATALOGUES = Path(__file__).resolve().parents[1] / "locale"


def _baby(member: Member, born: date) -> Baby:
    return Baby.objects.create(
        family=member.family, name="Zoë Núñez", birth_date=born, gestational_weeks=32
    )


@pytest.mark.parametrize("style", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_the_bundled_font_has_every_spanish_and_french_letter(style: str) -> None:
    cmap = TTFont(FONTS / style).getBestCmap()
    written = set(LETTERS)
    for language in ("es", "fr"):
        # Every character of the catalogue: the translations are all the PDF can print.
        written |= set((CATALOGUES / language / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    missing = sorted(c for c in written if c.isprintable() and ord(c) not in cmap)
    assert missing == []


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "es",
            [
                "Registro de la familia para el médico",
                "Edad corregida:",
                "Tomas, pañales y crecimiento",
                "Nacido/a a las 32 semanas",
                "Sueño nocturno (horas)",
                "no un diagnóstico",
            ],
        ),
        (
            "fr",
            [
                "Suivi du parent pour le médecin",
                "Âge corrigé :",
                "Repas, couches et croissance",
                "Né(e) à 32 semaines",
                "Sommeil de nuit (heures)",
                "pas un diagnostic",
            ],
        ),
    ],
)
def test_the_pdf_is_written_in_the_active_language(
    alice: Member, language: str, said: list[str]
) -> None:
    baby = _baby(alice, TODAY - timedelta(days=70))
    with translation.override(language):
        pdf = baby_summary_pdf(baby, ZONE, NOW)
    assert pages(pdf) == 1
    words = text(pdf)
    assert "Zoë Núñez" in words
    for sentence in said:
        assert sentence in words
    assert "Parent's log for the doctor" not in words
    assert f"/Lang ({language})".encode() in pdf


def test_the_download_follows_the_browser_s_language(alice: Member) -> None:
    baby = _baby(alice, TODAY - timedelta(days=70))
    response = alice.client().get(
        reverse("reports:baby_pdf", args=[baby.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    assert "Suivi du parent pour le médecin" in text(response.content)
