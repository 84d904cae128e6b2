"""Export, import and deletion pages in Spanish and French (Accept-Language)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from firsttouch.portability import importing
from tests.cast import PASSWORD, Member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", ["Qué incluye la exportación", "Descargar archivos CSV (ZIP)"]),
        ("fr", ["Ce que contient l’export", "Télécharger les fichiers CSV (ZIP)"]),
    ],
)
def test_the_export_page_speaks_the_asked_language(
    alice: Member, language: str, said: list[str]
) -> None:
    url = reverse("portability:export")
    page = alice.client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in said:
        assert text in page
    assert "What is in the export" not in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("es", "Desde tu servidor de Baby Buddy"),
        ("fr", "Depuis votre serveur Baby Buddy"),
    ],
)
def test_the_import_page_speaks_the_asked_language(alice: Member, language: str, said: str) -> None:
    url = reverse("portability:import")
    page = alice.client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert said in page
    assert "From your Baby Buddy server" not in page


def test_stored_skip_reasons_are_shown_in_the_reader_s_language() -> None:
    """Reasons are kept in English in the job's counts and translated when shown."""
    assert importing.ALREADY_IMPORTED == "Already imported."
    with translation.override("fr"):
        assert translation.gettext(importing.ALREADY_IMPORTED) == "Déjà importée."


def test_the_deletion_page_refuses_in_spanish(alice: Member) -> None:
    response = alice.client().post(
        reverse("portability:delete"),
        {"confirm": "delete", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    page = response.content.decode()
    assert "Escribe DELETE en mayúsculas para confirmar. No se ha eliminado nada." in page
    assert "Escribe DELETE para confirmar" in page


def test_the_farewell_e_mail_is_in_the_default_language(alice: Member, dan: Member) -> None:
    """Until accounts store a language, Dan hears in the site's default, not in Alice's."""
    alice.client().post(
        reverse("portability:delete"),
        {"confirm": "DELETE", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    [sent] = mail.outbox
    assert sent.subject == "A family you were part of was deleted"
    assert "The babies, their logs and massage sessions are gone." in sent.body
