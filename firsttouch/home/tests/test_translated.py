"""The Today page and the charts page in Spanish and French (issue 12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "translated"),
    [
        ("es", ["Registrar con un toque", "Hoy hasta ahora", "Masaje esta semana"]),
        ("fr", ["Noter en un geste", "Aujourd’hui jusqu’ici", "Massage cette semaine"]),
    ],
)
def test_the_today_page_speaks_the_browsers_language(alice, mia, language, translated) -> None:
    html = alice.client().get(reverse("baby", args=[mia.pk]), HTTP_ACCEPT_LANGUAGE=language)
    text = html.content.decode()
    assert html.status_code == 200
    for sentence in translated:
        assert sentence in text
    for english in ("Log in one tap", "Today so far", "Massage this week"):
        assert english not in text


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("es", "Las cifras, día a día"), ("fr", "Les chiffres, jour par jour")],
)
def test_the_charts_page_is_translated(alice, mia, language, sentence) -> None:
    url = reverse("baby-charts", args=[mia.pk])
    text = alice.client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert sentence in text and "The numbers, day by day" not in text


def test_english_stays_the_default(alice, mia) -> None:
    text = alice.client().get(reverse("baby", args=[mia.pk])).content.decode()
    assert "Log in one tap" in text and "Registrar con un toque" not in text
