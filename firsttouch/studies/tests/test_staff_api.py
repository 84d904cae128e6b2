"""The studies over the staff API: researchers and org admins only, codes only (no access-log
row), nothing per arm until the study is closed, and the pre-specified analysis as
``analyse(study_data(study)).to_dict()`` once it is."""

from __future__ import annotations

import json
import random

import pytest
from django.utils import timezone

from firsttouch.accounts.models import User
from firsttouch.api.tests.helpers import ApiClient
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from firsttouch.studies import access, followup, services
from firsttouch.studies.dataset import analyse, study_data
from firsttouch.studies.models import Study
from tests.cast import PASSWORD, Member
from tests.staff import make_staff, staff_token

from .helpers import make_organisation, make_recruiting_study
from .helpers import score as scored

pytestmark = pytest.mark.django_db
FIRST = {"parity": "first baby"}


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


@pytest.fixture
def study(org: Organisation) -> Study:
    return make_recruiting_study(org)


@pytest.fixture
def researcher(org: Organisation) -> User:
    return make_staff(org, "rita@research.test", "Rita Search", StaffRole.RESEARCHER)


@pytest.fixture
def api(researcher: User) -> ApiClient:
    return ApiClient(token=staff_token(researcher))


def url(study: Study, tail: str = "") -> str:
    base = f"/staff/organisations/{study.organisation_id}/studies/{study.pk}"
    return f"{base}/{tail}" if tail else base


def every_url(study: Study) -> list[str]:
    listing = f"/staff/organisations/{study.organisation_id}/studies"
    return [listing, url(study), url(study, "completeness"), url(study, "analysis")]


def with_scores(study: Study, alice: Member, n: int = 24) -> None:
    """``n`` participants with a baseline and a week-4 EPDS each."""
    rng = random.Random(4)
    for _ in range(n):
        participant = services.enrol(study, FIRST)
        lower = 3 if participant.arm.name == "massage" else 0
        scored(participant, alice, "baseline", rng.randint(8, 16))
        scored(participant, alice, "week4", max(0, rng.randint(8, 16) - lower))


def test_the_list_and_the_protocol_while_recruiting_have_no_counts_per_arm(
    api: ApiClient, study: Study, org: Organisation
) -> None:
    Study.objects.create(organisation=make_organisation("Elsewhere"), title="Theirs", target_size=9)
    enrolled = [services.enrol(study, FIRST) for _ in range(3)]
    listing = api.get(f"/staff/organisations/{org.pk}/studies")
    assert listing.status == 200, listing.body
    assert [(s["id"], s["status"]) for s in listing.body["results"]] == [(study.pk, "recruiting")]
    answer = api.get(url(study))
    assert answer.status == 200, answer.body
    body = answer.body
    assert (body["recruited"], body["target_size"]) == (3, 100)
    assert body["arm_counts"] is None
    assert {a["name"] for a in body["arms"]} == {"massage", "usual care"}
    assert [p["key"] for p in body["schedule"]] == ["baseline", "week4"]
    assert body["eligibility"][0]["eligible_answer"] is True
    assert body["analysis_plan"]["design"] == "repeated"
    assert body["analysis_plan"]["control_arm"] == "usual care"
    assert sorted(p["code"] for p in body["participants"]) == sorted(p.code for p in enrolled)
    # Nothing says which arm anyone is in.
    assert "arm" not in json.dumps(body["participants"])
    assert not AccessLog.objects.exists()


def test_counts_per_arm_once_closed(api: ApiClient, study: Study) -> None:
    enrolled = [services.enrol(study, FIRST) for _ in range(4)]
    services.close_recruitment(study)
    counts = {c["arm"]: c["participants"] for c in api.get(url(study)).body["arm_counts"]}
    expected = {"massage": 0, "usual care": 0}
    for participant in enrolled:
        expected[participant.arm.name] += 1
    assert counts == expected


def test_completeness_is_the_pages_by_code_and_logs_nothing(
    api: ApiClient, study: Study, alice: Member
) -> None:
    participant = services.enrol(study, FIRST)
    services.enrol(study, FIRST)
    scored(participant, alice, "baseline", 9)
    answer = api.get(url(study, "completeness"))
    assert answer.status == 200, answer.body
    rows = followup.completeness(study, timezone.localdate())
    body = answer.body["time_points"]
    assert [r["key"] for r in body] == [r.point.key for r in rows]
    for got, row in zip(body, rows, strict=True):
        assert {k: v for k, v in got["counts"].items() if v} == dict(row.counts)
        assert (got["due"], got["overdue"]) == (row.due, row.overdue)
    assert body[0]["counts"]["complete"] == 1 and sum(body[0]["counts"].values()) == 2
    assert not AccessLog.objects.exists()


def test_the_analysis_is_concealed_until_the_study_is_closed(
    api: ApiClient, study: Study, alice: Member, org: Organisation
) -> None:
    with_scores(study, alice, n=6)
    answer = api.get(url(study, "analysis"))
    assert (answer.status, answer.error["code"]) == (409, "analysis_concealed")
    assert "closed" in answer.error["message"]
    assert "usual care" not in json.dumps(answer.body)
    draft = Study.objects.create(organisation=org, title="Draft", target_size=10)
    assert api.get(url(draft, "analysis")).status == 409
    assert not AccessLog.objects.exists()


def test_once_closed_the_analysis_is_the_datasets_own(
    api: ApiClient, study: Study, alice: Member
) -> None:
    with_scores(study, alice)
    services.close_recruitment(study)
    answer = api.get(url(study, "analysis"))
    assert answer.status == 200, answer.body
    expected = json.loads(json.dumps(analyse(study_data(study)).to_dict()))
    assert answer.body == expected
    assert answer.body["problem"] == "" and answer.body["design"] == "repeated"
    (mixed,) = answer.body["results"]
    assert mixed["n_observations"] == 48 and mixed["arm_effects"][0]["difference"]["ci_low"]
    assert answer.body["flow"]["randomised"] == 24
    assert not AccessLog.objects.exists()


def test_too_few_scores_give_the_flow_and_a_problem(
    api: ApiClient, study: Study, alice: Member
) -> None:
    scored(services.enrol(study, FIRST), alice, "baseline", 9)
    services.close_recruitment(study)
    body = api.get(url(study, "analysis")).body
    assert body["results"] == [] and body["problem"].startswith("Not analysable yet:")
    assert body["flow"]["randomised"] == 1


@pytest.mark.parametrize("role", [StaffRole.CLINICIAN, StaffRole.CLASS_LEADER])
def test_roles_that_run_no_study_get_404(role: str, study: Study, org: Organisation) -> None:
    services.close_recruitment(study)
    user = make_staff(org, f"{role}@research.test", "Olly Other", role)
    client = ApiClient(token=staff_token(user))
    for path in every_url(study):
        answer = client.get(path)
        assert (answer.status, answer.error["code"]) == (404, "not_found"), path


def test_an_admin_runs_studies_too(study: Study, org: Organisation) -> None:
    admin = make_staff(org, "ada@research.test", "Ada Admin", StaffRole.ORG_ADMIN)
    client = ApiClient(token=staff_token(admin))
    assert [client.get(p).status for p in every_url(study)] == [200, 200, 200, 409]


def test_another_organisation_and_a_family_token_get_404(
    study: Study, alice: Member, researcher: User
) -> None:
    services.close_recruitment(study)
    elsewhere = make_organisation("Elsewhere")
    theirs = make_staff(elsewhere, "hal@else.test", "Hal Else", StaffRole.RESEARCHER)
    for client in (ApiClient(token=staff_token(theirs)), ApiClient(alice)):
        for path in every_url(study):
            answer = client.get(path)
            assert (answer.status, answer.error["code"]) == (404, "not_found"), path
    # Our study's id under their organisation is no better.
    mine = ApiClient(token=staff_token(theirs))
    assert mine.get(f"/staff/organisations/{elsewhere.pk}/studies/{study.pk}").status == 404


def test_a_token_without_the_second_factor_is_403(researcher: User, study: Study) -> None:
    issued = ApiClient().post("/auth/token", {"username": researcher.email, "password": PASSWORD})
    client = ApiClient(token=issued.body["token"])
    for path in every_url(study):
        answer = client.get(path)
        assert (answer.status, answer.error["code"]) == (403, "two_factor_required"), path


def test_access_shows_per_arm_figures_only_once_closed(study: Study, org: Organisation) -> None:
    services.enrol(study, FIRST)
    assert not access.shows_arms(study) and access.arm_counts(study) is None
    services.close_recruitment(study)
    counts = access.arm_counts(study)
    assert counts is not None and sum(n for _, n in counts) == 1
    draft = Study.objects.create(organisation=org, title="Draft", target_size=10)
    assert not access.shows_arms(draft)
