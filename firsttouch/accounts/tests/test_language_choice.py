"""The account's language wins over the browser's; blank follows the device."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.cast import Member


def test_the_browser_language_is_used_until_the_account_chooses(alice: Member) -> None:
    client = alice.client()
    page = client.get(reverse("tracking:log"), HTTP_ACCEPT_LANGUAGE="es")
    assert page["Content-Language"] == "es"


def test_the_account_language_overrides_the_browser(alice: Member) -> None:
    client = alice.client()
    response = client.post(
        reverse("accounts:settings"),
        {"action": "language", "language": "fr"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.language == "fr"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)  # the account alone decides
    page = client.get(reverse("tracking:log"), HTTP_ACCEPT_LANGUAGE="es")
    assert page["Content-Language"] == "fr"
    assert '<html lang="fr">' in page.content.decode()


def test_same_as_this_device_follows_the_browser_again(alice: Member) -> None:
    alice.user.language = "fr"
    alice.user.save()
    client = alice.client()
    page = client.get(reverse("accounts:settings"))
    assert '<html lang="fr">' in page.content.decode()
    assert 'value="" selected' not in page.content.decode()
    response = client.post(reverse("accounts:settings"), {"action": "language", "language": ""})
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.language == ""
    assert (
        client.get(reverse("tracking:log"), HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "es"
    )


def test_an_unknown_language_is_refused(alice: Member) -> None:
    response = alice.client().post(
        reverse("accounts:settings"), {"action": "language", "language": "xx"}
    )
    assert response.status_code == 200
    alice.user.refresh_from_db()
    assert alice.user.language == ""


def test_the_log_in_page_offers_the_languages_and_switches(db: None) -> None:
    client = Client()
    page = client.get(reverse("login")).content.decode()
    assert 'action="/i18n/setlang/"' in page and 'value="es"' in page and 'value="fr"' in page
    response = client.post("/i18n/setlang/", {"language": "es", "next": reverse("login")})
    assert response.status_code == 302
    assert '<html lang="es">' in client.get(reverse("login")).content.decode()


def test_the_family_chooses_its_units(alice: Member) -> None:
    response = alice.client().post(
        reverse("accounts:family"),
        {
            "action": "settings",
            "name": alice.family.name,
            "time_zone": "Europe/London",
            "units": "imperial",
        },
    )
    assert response.status_code == 302
    alice.family.refresh_from_db()
    assert alice.family.units == "imperial"
