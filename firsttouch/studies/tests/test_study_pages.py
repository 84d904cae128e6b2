"""The study pages: staff of the study team invite, follow and withdraw; the mother answers,
reads and agrees herself; another family's invitation is a 404; bad input saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.studies import services
from firsttouch.studies.models import Participant, ProtocolDeviation, Study, StudyInvitation
from tests.cast import Member
from tests.staff import make_staff, verified_client

from .helpers import ELIGIBLE, make_organisation, make_recruiting_study

pytestmark = pytest.mark.django_db
FIRST = {"parity": "first baby"}


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def study(org: Organisation) -> Study:
    return make_recruiting_study(org)


@pytest.fixture
def researcher(org: Organisation) -> Client:
    return verified_client(
        make_staff(org, "rita@research.test", "Rita Search", StaffRole.RESEARCHER)
    )


def base(study: Study) -> str:
    return f"/staff/{study.organisation_id}/studies/{study.pk}/"


def test_a_researcher_invites_a_caregiver_who_shares(
    study: Study,
    researcher: Client,
    alice: Member,
    org: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    give_consent(alice.user, org, {"notes"})
    with django_capture_on_commit_callbacks(execute=True):
        response = researcher.post(
            base(study) + "invite/", {"email": alice.user.email, "factor_0": "first baby"}
        )
    assert response.status_code == 302
    invitation = StudyInvitation.objects.get()
    assert invitation.caregiver == alice.user and invitation.stratum_values == FIRST
    (sent,) = mail.outbox
    assert sent.to == [alice.user.email] and study.title in sent.subject
    assert "/studies/" in sent.body


@pytest.mark.parametrize(
    "data",
    [
        {"email": "alice@example.com", "factor_0": "third baby"},
        {"email": "not an address", "factor_0": "first baby"},
        {"email": "nobody@example.com", "factor_0": "first baby"},
    ],
)
def test_a_bad_invitation_is_a_422_and_saves_nothing(
    study: Study,
    researcher: Client,
    alice: Member,
    org: Organisation,
    data: dict[str, str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    give_consent(alice.user, org, {"notes"})
    with django_capture_on_commit_callbacks(execute=True):
        response = researcher.post(base(study) + "invite/", data)
    assert response.status_code == 422
    assert not StudyInvitation.objects.exists() and not mail.outbox


def test_a_caregiver_who_does_not_share_cannot_be_invited(
    study: Study, researcher: Client, alice: Member
) -> None:
    response = researcher.post(
        base(study) + "invite/", {"email": alice.user.email, "factor_0": "first baby"}
    )
    assert response.status_code == 422
    assert "shares with this organisation" in response.content.decode()
    assert not StudyInvitation.objects.exists()


@pytest.mark.parametrize("role", [StaffRole.CLINICIAN, StaffRole.CLASS_LEADER])
def test_roles_that_do_not_run_studies_get_404(study: Study, org: Organisation, role: str) -> None:
    client = verified_client(make_staff(org, "c@clinic.test", "Cy Clin", role))
    for url in (f"/staff/{org.pk}/studies/", base(study), base(study) + "completeness/"):
        assert client.get(url).status_code == 404


def invited(study: Study, alice: Member, org: Organisation) -> StudyInvitation:
    give_consent(alice.user, org, {"screenings_mood"})
    return services.invite(study, alice.user, FIRST, alice.user)


def agree(client: Client, invitation: StudyInvitation, **extra: str) -> object:
    data = {"q_0": "yes", "q_1": "no", "version": "1", "agree": "on", **extra}
    return client.post(f"/studies/invitations/{invitation.pk}/", data)


def test_she_answers_agrees_and_sees_her_code_and_her_arm(
    study: Study, alice: Member, org: Organisation
) -> None:
    invitation = invited(study, alice, org)
    client = alice.client()
    page = client.get(f"/studies/invitations/{invitation.pk}/").content.decode()
    assert "We study whether daily massage helps." in page
    assert "Is your baby under 8 weeks old?" in page
    response = agree(client, invitation)
    assert response.status_code == 302  # type: ignore[attr-defined]
    participant = Participant.objects.get()
    assert participant.caregiver == alice.user
    mine = client.get("/studies/").content.decode()
    assert participant.code in mine and participant.arm.name in mine
    assert participant.arm.intervention in mine
    invitation.refresh_from_db()
    assert invitation.outcome == "enrolled"


@pytest.mark.parametrize(
    "extra",
    [{"agree": ""}, {"q_0": ""}, {"q_0": "maybe"}, {"q_0": "no"}, {"version": "0"}],
    ids=["no-agreement", "unanswered", "bad-answer", "not-eligible", "old-version"],
)
def test_bad_or_ineligible_answers_are_a_422_and_enrol_nobody(
    study: Study, alice: Member, org: Organisation, extra: dict[str, str]
) -> None:
    invitation = invited(study, alice, org)
    response = agree(alice.client(), invitation, **extra)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert not Participant.objects.exists()


def test_another_caregivers_invitation_is_a_404(
    study: Study, alice: Member, dan: Member, bob: Member, org: Organisation
) -> None:
    invitation = invited(study, alice, org)
    for other in (bob, dan):
        client = other.client()
        assert client.get(f"/studies/invitations/{invitation.pk}/").status_code == 404
        assert agree(client, invitation).status_code == 404  # type: ignore[attr-defined]
        assert client.post(f"/studies/invitations/{invitation.pk}/decline/").status_code == 404
    assert not Participant.objects.exists()
    invitation.refresh_from_db()
    assert invitation.closed_at is None


def test_declining_closes_the_invitation(study: Study, alice: Member, org: Organisation) -> None:
    invitation = invited(study, alice, org)
    client = alice.client()
    assert client.post(f"/studies/invitations/{invitation.pk}/decline/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.outcome == "declined"
    assert client.get(f"/studies/invitations/{invitation.pk}/").status_code == 404


def enrolled(study: Study, alice: Member, org: Organisation) -> Participant:
    give_consent(alice.user, org, {"screenings_mood"})
    return services.enrol_caregiver(study, alice.user, ELIGIBLE, FIRST, "1")


def test_the_participant_page_names_her_and_logs_each_view(
    study: Study, researcher: Client, alice: Member, org: Organisation
) -> None:
    participant = enrolled(study, alice, org)
    url = base(study) + f"participants/{participant.pk}/"
    for views in (1, 2):
        page = researcher.get(url)
        assert page.status_code == 200
        assert AccessLog.objects.count() == views
    assert alice.user.email in page.content.decode()
    log = AccessLog.objects.first()
    assert log is not None and log.family_id == alice.family.pk and log.categories == "study"


def test_pages_that_name_codes_only_log_nothing(
    study: Study, researcher: Client, alice: Member, org: Organisation
) -> None:
    participant = enrolled(study, alice, org)
    for url in (base(study), base(study) + "completeness/", f"/staff/{org.pk}/studies/"):
        page = researcher.get(url)
        assert page.status_code == 200
        assert alice.user.email not in page.content.decode()
    assert participant.code in researcher.get(base(study) + "completeness/").content.decode()
    assert not AccessLog.objects.exists()


def test_the_completeness_table_shows_her_baseline_due(
    study: Study, researcher: Client, alice: Member, org: Organisation
) -> None:
    participant = enrolled(study, alice, org)
    page = researcher.get(base(study) + "completeness/").content.decode()
    assert f"Due: {participant.code}" in page


def test_withdrawal_and_deviation_from_the_participant_page(
    study: Study, researcher: Client, alice: Member, org: Organisation
) -> None:
    participant = enrolled(study, alice, org)
    url = base(study) + f"participants/{participant.pk}/"
    assert (
        researcher.post(
            url + "deviations/", {"time_point": "baseline", "description": ""}
        ).status_code
        == 422
    )
    assert not ProtocolDeviation.objects.exists()
    assert (
        researcher.post(
            url + "deviations/", {"time_point": "baseline", "description": "Late call"}
        ).status_code
        == 302
    )
    assert ProtocolDeviation.objects.get().time_point == "baseline"
    assert researcher.post(url + "withdraw/", {"reason": "busy"}).status_code == 422
    assert Participant.objects.get().withdrawn_at is None
    response = researcher.post(url + "withdraw/", {"keep_data": "yes", "reason": "busy"})
    assert response.status_code == 302
    stored = Participant.objects.get()
    assert stored.withdrawn_at is not None and stored.withdrawal_keeps_data
    assert stored.withdrawal_reason == "busy"


def test_per_arm_counts_only_once_the_study_is_closed(
    study: Study, researcher: Client, alice: Member, org: Organisation
) -> None:
    enrolled(study, alice, org)
    assert "Participants per arm" not in researcher.get(base(study)).content.decode()
    services.close_recruitment(study)
    closed = researcher.get(base(study)).content.decode()
    assert "Participants per arm" in closed
