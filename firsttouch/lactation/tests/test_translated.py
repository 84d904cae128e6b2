"""The lactation pages in Spanish and French (issue 12): the page and the red flags (shown
by this app's own rules) are translated; the guide's clinical text from content/lactation.toml
stays as written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from firsttouch.lactation.models import LactationSession
from firsttouch.lactation.red_flags import red_flags
from tests.cast import Member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "sentence", "english"),
    [
        ("es", "Sobre la evidencia", "About the evidence"),
        ("fr", "À propos des données scientifiques", "About the evidence"),
        ("es", "Registrar una sesión", "Log a session"),
        ("fr", "Noter une séance", "Log a session"),
    ],
)
def test_the_guide_page_speaks_the_browsers_language(
    alice: Member, language: str, sentence: str, english: str
) -> None:
    text = alice.client().get("/lactation/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert sentence in text and english not in text
    assert "Light pressure only" in text  # the guide itself (content) stays English


@pytest.mark.parametrize(
    ("language", "heading", "fever"),
    [
        ("es", "Consulta hoy con un profesional sanitario", "Tu temperatura es de 38,6 °C"),
        ("fr", "Consultez un soignant aujourd’hui", "Votre température est de 38,6 °C"),
    ],
)
def test_a_fever_is_flagged_in_the_readers_language(
    alice: Member, language: str, heading: str, fever: str
) -> None:
    session = LactationSession.objects.create(
        user=alice.user, side="left", started_at=timezone.now(), temperature_c=Decimal("38.6")
    )
    url = reverse("lactation:session", args=[session.pk])
    text = alice.client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in text and fever in text
    assert "See a clinician today" not in text and "Your temperature is" not in text


def test_red_flags_keep_their_numbers_in_every_language() -> None:
    session = LactationSession(
        side="right", temperature_c=Decimal("39.0"), started_at=timezone.now()
    )
    english = red_flags(session, [])[0].message
    assert english.startswith("Your temperature is 39.0 °C, which is 38.5 °C or more.")
    with translation.override("fr"):
        french = red_flags(session, [])[0].message
    assert french.startswith("Votre température est de 39,0 °C, soit 38,5 °C ou plus.")
