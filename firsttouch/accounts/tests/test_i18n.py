"""The account pages in Spanish and French (Accept-Language), English staying the default."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.cast import Member, make_member

pytestmark = pytest.mark.django_db

DESCRIPTION = "firsttouch guides gentle baby massage and helps you keep track of your baby's"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", ["Crear una cuenta", "Tu nombre", "Para el bebé, eres", "Madre"]),
        ("fr", ["Créer un compte", "Votre prénom", "Pour le bébé, vous êtes", "Mère"]),
    ],
)
def test_the_sign_up_page_speaks_the_asked_language(language: str, said: list[str]) -> None:
    page = Client().get(reverse("accounts:signup"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in said:
        assert text in page
    assert DESCRIPTION not in page
    assert "Your first name" not in page


def test_the_sign_up_page_stays_english_by_default() -> None:
    page = Client().get(reverse("accounts:signup")).content.decode()
    assert DESCRIPTION in page
    assert "Your first name" in page


def test_the_log_in_page_keeps_its_english_words() -> None:
    page = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert "firsttouch is a companion for your baby's massage and day" in page
    assert ">E-mail</label>" in page


@pytest.mark.parametrize(
    ("language", "said", "english"),
    [
        ("es", "Copia ahora tu nueva clave: no se volverá a mostrar.", "Copy your new key now"),
        ("fr", "Copiez votre nouvelle clé maintenant : elle ne sera plus affichée.", "Copy your"),
    ],
)
def test_the_settings_page_and_its_api_keys_are_translated(
    alice: Member, language: str, said: str, english: str
) -> None:
    response = alice.client().post(
        reverse("accounts:settings"), {"name": "Home Assistant"}, HTTP_ACCEPT_LANGUAGE=language
    )
    page = response.content.decode()
    assert said in page
    assert english not in page
    assert "API keys" not in page


def test_a_wrong_log_in_is_refused_in_french() -> None:
    make_member("ana@example.com", "Ana")
    response = Client().post(
        reverse("login"),
        {"username": "ana@example.com", "password": "not-hers"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "Saisissez un e-mail et un mot de passe corrects." in response.content.decode()


def test_the_reset_mail_is_written_in_the_language_of_the_request() -> None:
    make_member("ana@example.com", "Ana")
    Client().post(
        reverse("accounts:password_reset"), {"email": "ana@example.com"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    [sent] = mail.outbox
    assert "Elige una contraseña nueva aquí:" in sent.body
    assert "Choose a new password" not in sent.body
