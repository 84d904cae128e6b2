"""The protocol's services without HTTP: the lock once recruiting, screening, enrolment on her
own agreement, withdrawal, deviations, the EPDS linked as an assessment, and completeness."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Organisation
from firsttouch.studies import followup, services
from firsttouch.studies.models import (
    Arm,
    Assessment,
    Participant,
    Study,
    StudyInvitation,
    StudyStatus,
)
from firsttouch.studies.schedule import Status
from firsttouch.wellbeing import services as wellbeing
from tests.cast import Member

from .helpers import ELIGIBLE, SCHEDULE, make_organisation, make_recruiting_study, make_study

pytestmark = pytest.mark.django_db
FIRST = {"parity": "first baby"}
FORWARD = {1, 2, 4}


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def study(org: Organisation) -> Study:
    return make_recruiting_study(org)


@pytest.fixture
def sharing(alice: Member, org: Organisation) -> Member:
    give_consent(alice.user, org, {"screenings_mood"})
    return alice


def enrol_alice(study: Study, alice: Member) -> Participant:
    return services.enrol_caregiver(study, alice.user, ELIGIBLE, FIRST, "1")


def draft_of(org: Organisation) -> Study:
    draft = make_study()
    draft.organisation = org
    draft.save()
    return draft


def test_a_draft_protocol_changes_and_a_recruiting_one_is_locked(org: Organisation) -> None:
    draft = draft_of(org)
    services.change_protocol(draft, consent_text="Version two", consent_version="2")
    assert Study.objects.get(pk=draft.pk).consent_version == "2"
    recruiting = make_recruiting_study(org)
    changes: list[dict[str, object]] = [
        {"schedule": []},
        {"eligibility": []},
        {"stratification_factors": []},
    ]
    for change in changes:
        with pytest.raises(ValidationError, match="cannot change once recruitment"):
            services.change_protocol(recruiting, **change)
    assert Study.objects.get(pk=recruiting.pk).schedule != []
    # The model refuses it too, whatever path saves it (the admin calls full_clean).
    recruiting.schedule = recruiting.schedule[:1]
    with pytest.raises(ValidationError, match="cannot change once recruitment"):
        recruiting.full_clean()
    with pytest.raises(ValidationError, match="arms cannot change"):
        Arm(study=recruiting, name="support group").full_clean()


def test_the_admin_shows_a_recruiting_protocol_read_only(study: Study) -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.create_superuser("root@example.org", "root@example.org", "x")
    admin = site._registry[Study]
    assert "schedule" in admin.get_readonly_fields(request, study)
    assert admin.get_readonly_fields(request, make_study()) == []
    inline = admin.get_inline_instances(request, study)[0]
    assert not inline.has_add_permission(request, study)
    assert not inline.has_delete_permission(request, study)


def test_a_broken_schedule_is_refused_with_its_reason() -> None:
    draft = make_study()
    draft.schedule = [{"key": "w4", "label": "Week 4", "day": 28, "instruments": ["epds"]}]
    with pytest.raises(ValidationError, match="first time point is the baseline"):
        draft.full_clean()
    draft.schedule = [{"key": "b", "day": 0}]
    with pytest.raises(ValidationError, match="needs a key, a label"):
        draft.full_clean()


def test_recruitment_needs_a_schedule_and_a_consent_text(org: Organisation) -> None:
    draft = draft_of(org)
    with pytest.raises(ValidationError, match="schedule and its consent"):
        services.open_recruitment(draft)
    assert Study.objects.get(pk=draft.pk).status == StudyStatus.DRAFT


def test_screen_names_each_answer_that_does_not_fit(study: Study) -> None:
    assert services.screen(study, ELIGIBLE).eligible
    result = services.screen(study, [False, None])
    assert not result.eligible
    assert result.reasons == (
        "Is your baby under 8 weeks old? (no)",
        "Not answered: Is your baby in intensive care now?",
    )


def test_enrolment_stores_her_consent_and_allocates_once(study: Study, sharing: Member) -> None:
    participant = enrol_alice(study, sharing)
    assert participant.caregiver == sharing.user
    assert participant.family_id == sharing.family.pk
    assert participant.consent_text == study.consent_text and participant.consent_version == "1"
    assert participant.eligibility_answers == ELIGIBLE
    assert participant.consented_at is not None
    assert participant.arm.study == study and participant.slot == 0
    with pytest.raises(ValidationError, match="already taking part"):
        enrol_alice(study, sharing)
    assert Participant.objects.count() == 1


def test_enrolment_is_refused_without_consent_to_the_organisation(
    study: Study, alice: Member
) -> None:
    with pytest.raises(ValidationError, match="share with the organisation"):
        enrol_alice(study, alice)
    assert not Participant.objects.exists()


def test_enrolment_is_refused_when_not_eligible(study: Study, sharing: Member) -> None:
    with pytest.raises(ValidationError, match="not for you"):
        services.enrol_caregiver(study, sharing.user, [True, True], FIRST, "1")
    assert not Participant.objects.exists()


def test_an_ineligible_screening_closes_her_invitation_for_the_record(
    study: Study, sharing: Member, org: Organisation
) -> None:
    """CONSORT counts her as assessed and not eligible; an unanswered question is no
    screening and leaves the invitation open."""
    staff = User.objects.create_user("researcher@example.org", "researcher@example.org", "x")
    services.invite(study, sharing.user, FIRST, staff)
    with pytest.raises(ValidationError, match="Not answered"):
        services.enrol_caregiver(study, sharing.user, [True, None], FIRST, "1")
    assert services.open_invitations(sharing.user)
    with pytest.raises(ValidationError, match="not for you"):
        services.enrol_caregiver(study, sharing.user, [True, True], FIRST, "1")
    assert not services.open_invitations(sharing.user)
    invitation = StudyInvitation.objects.get(caregiver=sharing.user)
    assert invitation.outcome == services.INELIGIBLE and invitation.closed_at is not None
    assert not Participant.objects.exists()


def test_the_analysis_plan_must_fit_the_schedule_and_arms(org: Organisation) -> None:
    draft = draft_of(org)
    draft.schedule = SCHEDULE
    draft.consent_text, draft.consent_version = "We study massage.", "1"
    draft.save()
    with pytest.raises(ValidationError, match="pre-specify the analysis: choose the design"):
        services.open_recruitment(draft)
    wrong = [
        ("outcome_instrument", "mpas", "no time point of the schedule collects mpas"),
        ("control_arm", "placebo", "control arm must be one of massage, usual care"),
        ("outcome_instrument", "baby_logs", "baby_logs is a summary of measures, not a score"),
    ]
    plan = {
        "analysis_design": "pre_post",
        "outcome_instrument": "epds",
        "control_arm": "usual care",
    }
    for field, value, message in wrong:
        with pytest.raises(ValidationError, match=message):
            services.change_protocol(draft, **{**plan, field: value})
    with pytest.raises(ValidationError, match="two different time points"):
        services.change_protocol(draft, **plan, baseline_point="baseline", outcome_point="")
    services.change_protocol(draft, **plan, baseline_point="baseline", outcome_point="week4")
    services.open_recruitment(draft)
    with pytest.raises(ValidationError, match="analysis_design cannot change"):
        services.change_protocol(draft, analysis_design="repeated")


def test_enrolment_is_refused_when_not_recruiting_or_full(
    study: Study, sharing: Member, bob: Member, org: Organisation
) -> None:
    give_consent(bob.user, org, {"notes"})
    study.target_size = 1
    study.save()
    enrol_alice(study, sharing)
    with pytest.raises(ValidationError, match="all the participants it needs"):
        services.enrol_caregiver(study, bob.user, ELIGIBLE, FIRST, "1")
    services.close_recruitment(study)
    with pytest.raises(ValidationError, match="not recruiting"):
        services.enrol_caregiver(study, bob.user, ELIGIBLE, FIRST, "1")
    assert Participant.objects.count() == 1


def test_enrolment_is_refused_for_an_old_consent_version(study: Study, sharing: Member) -> None:
    with pytest.raises(ValidationError, match="consent text has changed"):
        services.enrol_caregiver(study, sharing.user, ELIGIBLE, FIRST, "0")
    assert not Participant.objects.exists()


def test_a_draft_study_takes_no_invitation(sharing: Member, org: Organisation) -> None:
    draft = draft_of(org)
    with pytest.raises(ValidationError, match="not recruiting"):
        services.invite(draft, sharing.user, FIRST, sharing.user)


def test_withdrawal_keeps_her_choice_and_reason(study: Study, sharing: Member) -> None:
    participant = services.withdraw(enrol_alice(study, sharing), False, "moved away")
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.withdrawn_at is not None
    assert (stored.withdrawal_keeps_data, stored.withdrawal_reason) == (False, "moved away")


def test_deleting_her_account_withdraws_her_without_her_data(study: Study, sharing: Member) -> None:
    participant = enrol_alice(study, sharing)
    sharing.user.delete()
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.caregiver is None and stored.withdrawn_at is not None
    assert stored.withdrawal_keeps_data is False


def test_deviations_need_a_description_and_a_real_time_point(study: Study, sharing: Member) -> None:
    participant = enrol_alice(study, sharing)
    with pytest.raises(ValidationError, match="Describe"):
        followup.record_deviation(participant, "  ", sharing.user)
    with pytest.raises(ValidationError, match="not a time point"):
        followup.record_deviation(participant, "late", sharing.user, "month99")
    made = followup.record_deviation(participant, "Done on day 9", sharing.user, "baseline")
    assert list(participant.deviations.all()) == [made]


def epds(member: Member) -> None:
    answers = {str(i): 0 if i in FORWARD else 3 for i in range(1, 11)}
    wellbeing.submit(member.user, member.family, "epds", answers, finish=True)


def test_a_completed_epds_in_an_open_window_is_her_assessment(
    study: Study, sharing: Member
) -> None:
    participant = enrol_alice(study, sharing)
    epds(sharing)
    assessment = Assessment.objects.get()
    assert (assessment.participant, assessment.time_point) == (participant, "baseline")
    assert assessment.response_id is not None
    epds(sharing)  # a second one the same window changes nothing
    assert Assessment.objects.count() == 1


def test_an_epds_outside_every_window_or_after_withdrawal_is_not_linked(
    study: Study, sharing: Member
) -> None:
    participant = enrol_alice(study, sharing)
    Participant.objects.filter(pk=participant.pk).update(
        enrolled_at=timezone.now() - timedelta(days=10)
    )
    epds(sharing)  # day 10: after baseline's window, before week 4's
    services.withdraw(Participant.objects.get(pk=participant.pk), True)
    Participant.objects.filter(pk=participant.pk).update(
        enrolled_at=timezone.now() - timedelta(days=28)
    )
    epds(sharing)  # week 4's window, but she withdrew
    assert not Assessment.objects.exists()


def test_completeness_counts_each_status_and_lists_who_is_due(
    study: Study, sharing: Member, bob: Member, org: Organisation
) -> None:
    give_consent(bob.user, org, {"notes"})
    alice_p = enrol_alice(study, sharing)
    bob_p = services.enrol_caregiver(study, bob.user, ELIGIBLE, FIRST, "1")
    today = timezone.localdate()
    followup.record_assessment(alice_p, "baseline", "epds", today)
    rows = followup.completeness(study, today)
    baseline, week4 = rows
    assert baseline.counts[Status.COMPLETE] == 1 and baseline.counts[Status.DUE] == 1
    assert baseline.due == [bob_p.code]
    assert week4.counts[Status.UPCOMING] == 2
    later = followup.completeness(study, today + timedelta(days=5))
    assert later[0].counts[Status.MISSED] == 1 and later[0].counts[Status.COMPLETE] == 1
    overdue = followup.completeness(study, today + timedelta(days=30))
    assert overdue[1].overdue == sorted([alice_p.code, bob_p.code])
