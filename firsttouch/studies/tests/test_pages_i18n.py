"""Issue 12: the study pages in Spanish and French (Accept-Language), the mother's and staff's."""

from __future__ import annotations

import pytest

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import StaffRole
from firsttouch.reports.tests.helpers import text
from firsttouch.studies import report, services
from firsttouch.studies.dataset import analyse, study_data
from tests.cast import Member
from tests.staff import make_staff, verified_client

from .helpers import make_analysed_study, make_organisation, make_recruiting_study

pytestmark = pytest.mark.django_db


def test_her_studies_page_and_invitation_in_spanish_and_french(alice: Member) -> None:
    org = make_organisation()
    study = make_recruiting_study(org)
    give_consent(alice.user, org, {"screenings_mood"})
    invitation = services.invite(study, alice.user, {"parity": "first baby"}, alice.user)
    client = alice.client()
    es = client.get("/studies/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Estudios en los que participas" in es and "Studies you take part in" not in es
    page = client.get(f"/studies/invitations/{invitation.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert "Acepto participar" in text and "I agree to take part" not in text
    assert "We study whether daily massage helps." in text  # the study's own text, as written
    fr = client.get("/studies/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Études auxquelles vous participez" in fr and "Studies you take part in" not in fr


def test_the_staff_study_page_in_french() -> None:
    org = make_organisation()
    study = make_recruiting_study(org)
    client = verified_client(
        make_staff(org, "rita@research.test", "Rita Search", StaffRole.RESEARCHER)
    )
    url = f"/staff/{org.pk}/studies/{study.pk}/"
    fr = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode().replace("&#x27;", "'")
    assert "Inviter une participante" in fr and "Invite a participant" not in fr
    assert "En recrutement" in fr  # the status's label
    es = client.get(url + "completeness/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Completitud de los datos" in es and "Data completeness" not in es


def test_the_analysis_report_in_spanish_and_its_pdf_in_french(alice: Member) -> None:
    """The report's sentences and tables are worded in the reader's language, numbers as in
    English; the method is translated, the analysis set too."""
    org = make_organisation()
    study = make_analysed_study(org, alice)
    client = verified_client(
        make_staff(org, "rita@research.test", "Rita Search", StaffRole.RESEARCHER)
    )
    (mixed,) = analyse(study_data(study)).results
    last = mixed.arm_effects[-1].difference
    low, high = report.number(last.ci_low), report.number(last.ci_high)
    url = f"/staff/{org.pk}/studies/{study.pk}/analysis/"

    es = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    sizes = ", ".join(f"{arm} {n}" for arm, n in mixed.n_participants.items())
    assert f"Participantes por grupo: {sizes}; {mixed.n_observations} puntuaciones." in es
    assert "Asignación, seguimiento y análisis por grupo" in es
    assert f"<td>{low} a {high}</td>" in es
    assert "Por intención de tratar: cada participante aleatorizada" in es
    assert "Modelo lineal mixto puntuación ~ grupo x tiempo" in es
    assert "Participants per arm" not in es and "Linear mixed model, arm by time" not in es

    fr = text(client.get(url[:-1] + ".pdf", HTTP_ACCEPT_LANGUAGE="fr").content)
    assert "Modèle linéaire mixte, bras par temps" in fr
    assert "Linear mixed model, arm by time" not in fr
