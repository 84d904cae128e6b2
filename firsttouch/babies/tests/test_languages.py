"""The baby form in the browser's language."""

from __future__ import annotations

from django.urls import reverse

from tests.cast import Member


def test_the_add_baby_page_speaks_spanish(alice: Member) -> None:
    page = alice.client().get(reverse("babies:add"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Añadir a tu bebé" in page and "Fecha de nacimiento" in page
    assert "Add your baby" not in page


def test_the_add_baby_page_speaks_french(alice: Member) -> None:
    page = alice.client().get(reverse("babies:add"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ajouter votre bébé" in page and "Date de naissance" in page
    assert "Add your baby" not in page
