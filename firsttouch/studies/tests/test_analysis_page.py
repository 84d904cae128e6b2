"""The analysis report page and its PDF: for researchers and org admins of the study's
organisation only, codes and counts only (no access-log row), the analysis run once per
request, and nothing per arm while the study recruits."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.reports.tests.helpers import text
from firsttouch.studies import access, report, services
from firsttouch.studies.analysis import ITT
from firsttouch.studies.dataset import analyse, study_data
from firsttouch.studies.models import Study
from tests.cast import Member
from tests.staff import make_staff, pass_second_factor, verified_client

from .helpers import make_analysed_study, make_organisation, make_recruiting_study, make_study

pytestmark = pytest.mark.django_db
FIRST = {"parity": "first baby"}


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def closed(org: Organisation, alice: Member) -> Study:
    study = make_analysed_study(org, alice)
    study.registration_id = "ISRCTN12345678"
    study.save(update_fields=["registration_id"])
    return study


@pytest.fixture
def researcher(org: Organisation) -> Client:
    return verified_client(
        make_staff(org, "rita@research.test", "Rita Search", StaffRole.RESEARCHER)
    )


def page(study: Study) -> str:
    return f"/staff/{study.organisation_id}/studies/{study.pk}/analysis/"


def pdf(study: Study) -> str:
    return f"/staff/{study.organisation_id}/studies/{study.pk}/analysis.pdf"


def the_effect(study: Study) -> tuple[str, str]:
    """The arm effect at the last time point and its CI, formatted as the report does."""
    (mixed,) = analyse(study_data(study)).results
    last = mixed.arm_effects[-1]
    return report.number(last.difference.estimate), report.interval(last.difference)


@pytest.mark.parametrize("role", [StaffRole.RESEARCHER, StaffRole.ORG_ADMIN])
def test_the_study_team_reads_the_flow_and_the_results_without_a_log_row(
    closed: Study, org: Organisation, role: str
) -> None:
    client = verified_client(make_staff(org, "t@research.test", "Tess Team", role))
    response = client.get(page(closed))
    assert response.status_code == 200
    body = response.content.decode()
    assert ITT in body
    assert "<caption>Allocation, follow-up and analysis per arm" in body
    assert '<th scope="col">usual care (control)</th>' in body
    estimate, interval = the_effect(closed)
    assert f"<td>{estimate}</td><td>{interval}</td>" in body
    assert "Linear mixed model score ~ arm x time" in body  # the method, word for word
    assert "Registration ISRCTN12345678" in body
    assert AccessLog.objects.count() == 0


def test_the_analysis_runs_once_per_request(closed: Study, researcher: Client) -> None:
    with mock.patch.object(report, "analyse", wraps=analyse) as analysed:
        assert researcher.get(page(closed)).status_code == 200
    assert analysed.call_count == 1


def test_a_pre_post_study_shows_the_change_the_standardised_effect_and_ancova(
    org: Organisation, researcher: Client, alice: Member
) -> None:
    study = make_analysed_study(org, alice, design="pre_post")
    (result,) = analyse(study_data(study)).results
    body = researcher.get(page(study)).content.decode()
    assert "massage against usual care" in body
    for label, estimate in (
        ("Difference in mean change (Welch&#x27;s t-test)", result.change_difference),
        ("Hedges&#x27; g (standardised difference)", result.hedges_g),
        ("ANCOVA: arm effect adjusted for baseline", result.ancova_arm_effect),
    ):
        cells = f"<td>{report.number(estimate.estimate)}</td><td>{report.interval(estimate)}</td>"
        assert f'<th scope="row">{label}</th>{cells}' in body
    assert "Change from baseline (post minus baseline)" in body  # the method


@pytest.mark.parametrize("role", [StaffRole.CLINICIAN, StaffRole.CLASS_LEADER])
def test_roles_that_do_not_run_studies_get_404(closed: Study, org: Organisation, role: str) -> None:
    client = verified_client(make_staff(org, "c@research.test", "Cy Care", role))
    assert client.get(page(closed)).status_code == 404
    assert client.get(pdf(closed)).status_code == 404


def test_another_organisation_and_a_family_get_404(closed: Study, alice: Member) -> None:
    other = make_organisation("Another lab")
    stranger = verified_client(make_staff(other, "o@lab.test", "Otto Other", StaffRole.RESEARCHER))
    for url in (page(closed), pdf(closed)):
        assert stranger.get(url).status_code == 404
        # Her own organisation's address with the other study: not found either.
        assert (
            stranger.get(url.replace(f"/{closed.organisation_id}/", f"/{other.pk}/")).status_code
            == 404
        )
        assert alice.client().get(url).status_code == 404


def test_while_recruiting_only_totals_are_shown_and_no_pdf(
    org: Organisation, researcher: Client, alice: Member
) -> None:
    study = make_recruiting_study(org)
    services.enrol(study, FIRST)
    services.enrol(study, FIRST)
    with mock.patch.object(report, "analyse", wraps=analyse) as analysed:
        response = researcher.get(page(study))
    assert response.status_code == 200 and analysed.call_count == 0
    body = response.content.decode()
    assert access.CONCEALED in body and "Randomised: 2 of 100." in body
    assert "Allocation, follow-up" not in body and "Results" not in body
    assert researcher.get(pdf(study)).status_code == 404


def test_a_draft_shows_its_missing_plan_and_totals_only(
    org: Organisation, researcher: Client
) -> None:
    """One rule for per-arm figures (studies.access.shows_arms): only once closed, so a draft
    gets the totals-only report too, with its plan still to specify."""
    draft = make_study()
    draft.organisation = org
    draft.save()
    body = researcher.get(page(draft)).content.decode()
    assert "No analysis plan has been specified yet." in body and "Randomised: 0 of 100." in body
    assert access.CONCEALED in body and "<table" not in body


def test_too_few_scores_shows_the_problem_sentence(
    org: Organisation, researcher: Client, alice: Member
) -> None:
    study = make_analysed_study(org, alice, participants=1)
    body = researcher.get(page(study)).content.decode()
    assert "Not analysable yet:" in body and "<caption>Enrolment</caption>" in body


def test_the_study_page_links_to_the_report(closed: Study, researcher: Client) -> None:
    body = researcher.get(f"/staff/{closed.organisation_id}/studies/{closed.pk}/").content
    assert page(closed).encode() in body


def test_the_pdf_says_what_the_page_says(closed: Study, researcher: Client) -> None:
    response = researcher.get(pdf(closed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="firsttouch-massage-and-attachment-analysis-' in disposition
    written = text(response.content)
    assert ITT in written
    estimate, interval = the_effect(closed)
    assert f"massage at Week 4 {estimate} {interval}" in written
    assert "Allocation, follow-up and analysis per arm" in written
    assert AccessLog.objects.count() == 0


def test_a_title_with_no_safe_letters_still_names_the_file(
    closed: Study, researcher: Client
) -> None:
    Study.objects.filter(pk=closed.pk).update(title="«»")
    disposition = researcher.get(pdf(closed))["Content-Disposition"]
    assert "firsttouch-analysis-" in disposition and "«" not in disposition


def test_the_admin_explains_the_plan_and_locks_it_once_recruiting(org: Organisation) -> None:
    operator = get_user_model().objects.create_superuser(
        "admin@example.com", "admin@example.com", "x-pass-42"
    )
    client = Client()
    client.force_login(operator)
    pass_second_factor(client, operator)  # the admin asks for the second factor too
    draft, recruiting = make_study(), make_recruiting_study(org)
    editable = client.get(f"/admin/studies/study/{draft.pk}/change/").content.decode()
    locked = client.get(f"/admin/studies/study/{recruiting.pk}/change/").content.decode()
    for field in ("analysis_design", "outcome_instrument", "control_arm", "baseline_point"):
        assert f'name="{field}"' in editable and f'name="{field}"' not in locked
    for body in (editable, locked):
        assert "The id of the questionnaire whose total is the outcome" in body
    assert "usual care" in locked  # the locked plan is shown, read-only
