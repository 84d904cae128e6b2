"""Every page's chrome (the skip link, the account links, the tab bar, the error pages) speaks
the language the browser asks for, and English stays the default."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from firsttouch.babies.models import Baby
from firsttouch.core import moments
from tests.cast import Member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en-GB", ["Skip to content", ">Settings</a>", ">Today</a>", ">You</a>"]),
        ("es", ["Saltar al contenido", ">Ajustes</a>", ">Hoy</a>", ">Tú</a>"]),
        ("fr", ["Aller au contenu", ">Réglages</a>", ">Aujourd’hui</a>", ">Vous</a>"]),
    ],
)
def test_the_chrome_of_a_page_is_in_the_asked_language(
    alice: Member, mia: Baby, language: str, said: list[str]
) -> None:
    page = alice.client().get("/massage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in said:
        assert text in page
    if language != "en-GB":
        assert "Skip to content" not in page
        assert ">Settings</a>" not in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", "No hemos encontrado esa página."),
        ("fr", "Nous n’avons pas trouvé cette page."),
    ],
)
def test_the_not_found_page_is_translated(language: str, said: str) -> None:
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    page = response.content.decode()
    assert said in page
    assert "We could not find that page" not in page


def test_the_sane_years_sentence_follows_the_language_it_is_read_in() -> None:
    assert str(moments.OUT_OF_RANGE) == "Enter a date between the years 1900 and 2200."
    with translation.override("fr"):
        assert str(moments.OUT_OF_RANGE) == "Saisissez une date entre les années 1900 et 2200."
    with translation.override("es"):
        assert "antes de la fecha de nacimiento" in str(moments.BEFORE_BIRTH)
