"""Staff pages speak the language the browser asks for (Spanish, French); English stays the
default. The alert queue, one alert, the caseload and the staff home are checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from firsttouch.accounts.models import User
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, AlertKind, AlertPriority, Organisation, StaffRole
from tests.cast import Member
from tests.staff import make_staff, verified_client


@pytest.fixture
def clinic(alice: Member) -> Organisation:
    org = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, org, {"screenings_mood", "baby_logs"})
    return org


@pytest.fixture
def client(nurse: User) -> Client:
    return verified_client(nurse)


@pytest.fixture
def alert(clinic: Organisation, alice: Member) -> Alert:
    return Alert.objects.create(
        organisation=clinic,
        respondent=alice.user,
        response_id=5,
        family_id=alice.family.pk,
        kind=AlertKind.EPDS_HIGH,
        priority=AlertPriority.ROUTINE,
        created_at=timezone.now() - timedelta(minutes=20),
    )


def shows(page: str, text: str) -> bool:
    """The text as a template writes it (as is) or as a variable does (escaped)."""
    return text in page or escape(text) in page


QUEUE = {
    # "Filter" has a context: the admin's catalogue would make it a noun ("Filtro", "Filtre").
    "es": [
        "Cola de alertas de Riverside clinic",
        "EPDS igual o superior al umbral",
        ">Filtrar<",
        "Abierta",
    ],
    "fr": [
        "File d’alertes de Riverside clinic",
        "EPDS au seuil de l’organisation",
        ">Filtrer<",
        "Ouverte",
    ],
}


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_alert_queue_in_spanish_and_french(
    client: Client, clinic: Organisation, alert: Alert, language: str
) -> None:
    url = reverse("staff:alerts", args=[clinic.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in QUEUE[language]:
        assert shows(page, text)
    assert "alert queue. Open an alert" not in page
    assert "at or above the organisation" not in page
    assert ">Routine<" not in page  # the priority, not the word a massage routine uses


@pytest.mark.parametrize(
    ("language", "translated", "refusal"),
    [
        ("es", "Registrar un contacto", "Indica cómo se resolvió la alerta antes de cerrarla."),
        ("fr", "Noter un contact", "Indiquez comment l’alerte a été résolue avant de la clore."),
    ],
)
def test_an_alert_and_its_refusals_in_spanish_and_french(
    client: Client, alert: Alert, language: str, translated: str, refusal: str
) -> None:
    url = reverse("staff:alert", args=[alert.organisation_id, alert.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert translated in page and "Record a contact" not in page
    resolve = reverse("staff:alert_resolve", args=[alert.organisation_id, alert.pk])
    refused = client.post(resolve, {"resolve-note": ""}, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 422
    assert shows(refused.content.decode(), refusal)


@pytest.mark.parametrize(
    ("language", "heading", "band"),
    [("es", "Casos asignados", "Posible"), ("fr", "File active", "Possible")],
)
def test_the_caseload_in_spanish_and_french(
    client: Client, clinic: Organisation, alice: Member, language: str, heading: str, band: str
) -> None:
    page = client.get(
        reverse("staff:caseload", args=[clinic.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert "<h1>Caseload</h1>" not in page
    assert f">{band}</option>" in page


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("es", "Invitar al equipo"), ("fr", "Inviter des membres de l’équipe")],
)
def test_the_staff_home_in_spanish_and_french(
    clinic: Organisation, language: str, sentence: str
) -> None:
    admin = make_staff(clinic, "admin@river.test", "Ada Admin", StaffRole.ORG_ADMIN)
    page = verified_client(admin).get(reverse("staff:home"), HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert sentence in html and "Invite staff" not in html


def test_english_stays_the_default(client: Client, clinic: Organisation, alert: Alert) -> None:
    page = client.get(reverse("staff:alerts", args=[clinic.pk])).content.decode()
    assert "alert queue. Open an alert" in page and ">Routine<" in page
