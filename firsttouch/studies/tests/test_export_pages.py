"""The export page: researchers and org admins of the study's organisation download and see
the history; an identifiable export without a reason is a 422 with nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.studies.models import Participant, Study, StudyExport
from tests.cast import Member
from tests.staff import make_staff, verified_client

from .helpers import make_organisation, make_recruiting_study
from .test_exports import hers, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def study(org: Organisation, alice: Member) -> Study:
    found = make_recruiting_study(org)
    participant: Participant = hers(found, alice)
    scored(participant, alice, "baseline", 10)
    return found


@pytest.fixture
def researcher(org: Organisation) -> Client:
    return verified_client(
        make_staff(org, "rita@research.test", "Rita Search", StaffRole.RESEARCHER)
    )


def url(study: Study) -> str:
    return f"/staff/{study.organisation_id}/studies/{study.pk}/exports/"


def test_the_study_page_links_to_its_exports(study: Study, researcher: Client) -> None:
    page = researcher.get(f"/staff/{study.organisation_id}/studies/{study.pk}/")
    assert url(study) in page.content.decode()


def test_a_researcher_downloads_a_pseudonymised_csv_and_sees_it_listed(
    study: Study, researcher: Client, alice: Member
) -> None:
    response = researcher.post(url(study), {"format": "csv", "shift_dates": "on"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "participants.csv" in archive.namelist()
        assert alice.user.email not in archive.read("participants.csv").decode("utf-8-sig")
    assert not AccessLog.objects.exists()
    (row,) = StudyExport.objects.all()
    assert (row.format, row.shifted, row.identifiable) == ("csv", True, False)
    page = researcher.get(url(study)).content.decode()
    assert "Rita Search" in page and "codes only" in page
    assert "leaves out each participant's arm" in page


def test_an_identifiable_export_without_a_reason_is_refused(
    study: Study, researcher: Client
) -> None:
    response = researcher.post(
        url(study), {"format": "redcap", "identifiable": "on", "reason": "  "}
    )
    assert response.status_code == 422
    assert "Say why this export must name the participants" in response.content.decode()
    assert not StudyExport.objects.exists() and not AccessLog.objects.exists()


def test_an_identifiable_export_is_recorded_with_its_reason(
    study: Study, researcher: Client, alice: Member
) -> None:
    response = researcher.post(
        url(study), {"format": "fhir", "identifiable": "on", "reason": "Data linkage, REC 24/01"}
    )
    assert response.status_code == 200
    assert alice.user.email in response.content.decode()
    (log,) = AccessLog.objects.all()
    assert (log.family_id, log.categories, log.why) == (
        alice.family.pk,
        "study",
        "Data linkage, REC 24/01",
    )
    (row,) = StudyExport.objects.all()
    assert (row.identifiable, row.reason, row.shifted) == (True, "Data linkage, REC 24/01", False)
    assert "Data linkage, REC 24/01" in researcher.get(url(study)).content.decode()


@pytest.mark.parametrize("role", [StaffRole.CLINICIAN, StaffRole.CLASS_LEADER])
def test_staff_who_do_not_run_studies_get_a_404(study: Study, org: Organisation, role: str) -> None:
    client = verified_client(make_staff(org, "c@clinic.test", "Cleo Nurse", role))
    assert client.get(url(study)).status_code == 404
    assert client.post(url(study), {"format": "csv"}).status_code == 404
    assert not StudyExport.objects.exists()


def test_another_organisations_researcher_gets_a_404(study: Study) -> None:
    other = make_organisation("Other lab")
    client = verified_client(make_staff(other, "o@other.test", "Oz Other", StaffRole.RESEARCHER))
    assert client.get(url(study)).status_code == 404
    assert client.post(url(study), {"format": "csv"}).status_code == 404
    own = f"/staff/{other.pk}/studies/{study.pk}/exports/"
    assert client.post(own, {"format": "csv"}).status_code == 404
    assert not StudyExport.objects.exists()
