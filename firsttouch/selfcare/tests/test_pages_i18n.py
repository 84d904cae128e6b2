"""Issue 12: the mood and self-care page in Spanish and French (Accept-Language)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.cast import Member


def test_the_page_in_spanish(alice: Member) -> None:
    page = alice.client().get(reverse("selfcare:today"), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert "Estado de ánimo y autocuidado" in text and "Mood and self-care" not in text
    assert "¿Cómo te sientes hoy?" in text and "How do you feel" not in text
    assert "Tiempo con amigos o familia" in text  # a self-care choice's label
    assert "Ansiedad" in text  # a symptom's label


def test_the_page_in_french(alice: Member) -> None:
    page = alice.client().get(reverse("selfcare:today"), HTTP_ACCEPT_LANGUAGE="fr")
    text = page.content.decode().replace("&#x27;", "'")
    assert "Humeur et prendre soin de soi" in text and "Mood and self-care" not in text
    assert "Comment vous sentez-vous aujourd’hui ?" in text
    assert "Heures de sommeil" in text and "Hours of sleep" not in text


def test_a_refused_tap_says_why_in_the_page_language(alice: Member) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    reply = alice.client().post(
        reverse("selfcare:mood"), {"day": tomorrow, "mood": "3"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert "Ese día está en el futuro." in reply.content.decode()
