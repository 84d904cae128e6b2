"""Every staff route of studies, walked (read from ``studies.staff_urls``, so a route added
later is walked too): staff of another organisation get a 404 for every method, as do roles
that do not run studies, and a study or participant of another organisation reached through
one's own is a 404; none of these writes an access-log row or changes anything."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.studies import services, staff_urls
from firsttouch.studies.models import Participant, ProtocolDeviation, Study, StudyInvitation
from tests.cast import Member
from tests.staff import make_staff, verified_client

from .helpers import ELIGIBLE, make_organisation, make_recruiting_study

pytestmark = pytest.mark.django_db
ROUTES = [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


def url_for(pattern: URLPattern, org: Organisation, study: Study, participant: Participant) -> str:
    values = {"org_id": org.pk, "study_id": study.pk, "participant_id": participant.pk}
    names = {"org_id", *pattern.pattern.converters}
    return reverse(f"studies_staff:{pattern.name}", kwargs={k: values[k] for k in names})


def statuses(client: Client, url: str) -> list[int]:
    data = {"email": "alice@example.com", "factor_0": "first baby", "keep_data": "no"}
    return [client.get(url).status_code, client.post(url, {**data, "description": "x"}).status_code]


@pytest.fixture
def world(alice: Member) -> tuple[Organisation, Organisation, Study, Participant]:
    lab, other = make_organisation("Lab"), make_organisation("Other lab")
    study = make_recruiting_study(lab)
    give_consent(alice.user, lab, {"notes"})
    participant = services.enrol_caregiver(
        study, alice.user, ELIGIBLE, {"parity": "first baby"}, "1"
    )
    return lab, other, study, participant


def refused(codes: list[int]) -> bool:
    """A 404, and for the other method a 404 or a 405 (a page that only reads or only writes
    refuses the other method first, which says nothing about the study or participant)."""
    return 404 in codes and set(codes) <= {404, 405}


def nothing_changed(participant: Participant) -> None:
    assert not AccessLog.objects.exists()
    assert not ProtocolDeviation.objects.exists() and not StudyInvitation.objects.exists()
    assert Participant.objects.get(pk=participant.pk).withdrawn_at is None


@pytest.mark.parametrize("pattern", ROUTES, ids=str)
def test_staff_of_another_organisation_get_404(
    pattern: URLPattern, world: tuple[Organisation, Organisation, Study, Participant]
) -> None:
    lab, other, study, participant = world
    outsider = verified_client(make_staff(other, "o@other.test", "Oz Other", StaffRole.ORG_ADMIN))
    assert statuses(outsider, url_for(pattern, lab, study, participant)) == [404, 404]
    nothing_changed(participant)


@pytest.mark.parametrize("pattern", [p for p in ROUTES if p.name != "index"], ids=str)
def test_another_organisations_study_through_ones_own_is_a_404(
    pattern: URLPattern, world: tuple[Organisation, Organisation, Study, Participant]
) -> None:
    _, other, study, participant = world
    outsider = verified_client(make_staff(other, "o@other.test", "Oz Other", StaffRole.RESEARCHER))
    assert refused(statuses(outsider, url_for(pattern, other, study, participant)))
    nothing_changed(participant)


@pytest.mark.parametrize("role", [StaffRole.CLINICIAN, StaffRole.CLASS_LEADER])
@pytest.mark.parametrize("pattern", ROUTES, ids=str)
def test_roles_that_do_not_run_studies_get_404(
    pattern: URLPattern, role: str, world: tuple[Organisation, Organisation, Study, Participant]
) -> None:
    lab, _, study, participant = world
    member = verified_client(make_staff(lab, "n@lab.test", "Nia Nurse", role))
    assert statuses(member, url_for(pattern, lab, study, participant)) == [404, 404]
    nothing_changed(participant)


@pytest.mark.parametrize(
    "pattern", [p for p in ROUTES if "participant_id" in p.pattern.converters], ids=str
)
def test_a_participant_of_another_study_is_a_404(
    pattern: URLPattern, world: tuple[Organisation, Organisation, Study, Participant]
) -> None:
    lab, _, _, participant = world
    second = make_recruiting_study(lab)
    rae = verified_client(make_staff(lab, "r@lab.test", "Rae Lab", StaffRole.RESEARCHER))
    assert refused(statuses(rae, url_for(pattern, lab, second, participant)))
    nothing_changed(participant)
