"""No page reveals the next allocation: every study page, staff and family, renders the same
whichever arm the seed would give next, before and after enrolments; no template is handed
the seed or a function of the randomisation; per-arm counts stay hidden while recruiting (the
analysis report shows totals only, and its PDF is a 404). The staff API's study routes answer
the same bytes whichever the seed, too.

The test (never a page) computes the next allocation from the seed, to pick a second seed
whose next arm differs.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Organisation, StaffRole
from firsttouch.studies import randomisation, services, staff_urls, urls
from firsttouch.studies.models import Participant, Study
from tests.cast import Member
from tests.staff import make_staff, staff_token, verified_client

from .helpers import ELIGIBLE, make_organisation, make_recruiting_study

pytestmark = pytest.mark.django_db
FIRST = {"parity": "first baby"}
STRATUM = '[["parity","first baby"]]'
# The per-response CSRF token (masked anew each time) is the one part that always differs.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')


def next_arm(study: Study, seed: bytes) -> str:
    taken = Participant.objects.filter(study=study, stratum=STRATUM).count()
    return randomisation.allocation_at(
        seed, STRATUM, {"massage": 1, "usual care": 1}, taken, (2, 4, 6)
    )


def other_seed(study: Study, seed: bytes) -> bytes:
    """A seed whose next allocation differs from the one ``seed`` gives."""
    current = next_arm(study, seed)
    while True:
        seed = secrets.token_bytes(32)
        if next_arm(study, seed) != current:
            return seed


def values(context: Any) -> Iterator[Any]:
    for layer in context:
        for scope in layer.dicts if hasattr(layer, "dicts") else [layer]:
            yield from scope.values()


def staff_urls_of(study: Study, participant: Participant | None) -> list[str]:
    org, base = study.organisation_id, f"/staff/{study.organisation_id}/studies/{study.pk}/"
    found = [
        f"/staff/{org}/studies/",
        base,
        base + "completeness/",
        base + "analysis/",
        base + "exports/",
    ]
    if participant is not None:
        found.append(base + f"participants/{participant.pk}/")
    return found


def render_all(clients: list[tuple[Client, list[str]]], seed: bytes) -> list[str]:
    pages = []
    for client, addresses in clients:
        for url in addresses:
            response = client.get(url)
            assert response.status_code == 200, url
            for value in values(response.context):
                assert value != seed and not (
                    callable(value) and getattr(value, "__module__", "") == randomisation.__name__
                ), url
            text = response.content.decode()
            assert seed.hex() not in text
            pages.append(CSRF.sub("", text))
    return pages


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


def test_no_page_differs_by_the_next_allocation(
    org: Organisation, alice: Member, bob: Member
) -> None:
    study = make_recruiting_study(org)
    for member in (alice, bob):
        give_consent(member.user, org, {"screenings_mood"})
    invitation = services.invite(study, bob.user, FIRST, alice.user)
    researcher = verified_client(make_staff(org, "r@lab.test", "Rae Lab", StaffRole.RESEARCHER))
    admin = verified_client(make_staff(org, "a@lab.test", "Ada Lab", StaffRole.ORG_ADMIN))
    for stage in ("before enrolment", "after enrolment"):
        participant = Participant.objects.filter(study=study).first()
        clients = [
            (researcher, staff_urls_of(study, participant)),
            (admin, staff_urls_of(study, participant)),
            (alice.client(), ["/studies/"]),
            (bob.client(), ["/studies/", f"/studies/invitations/{invitation.pk}/"]),
        ]
        seed = bytes(Study.objects.get(pk=study.pk).allocation_seed)
        first = render_all(clients, seed)
        # The report as a PDF is its counts per arm: there is none while recruiting.
        for client in (researcher, admin):
            assert client.get(staff_urls_of(study, None)[1] + "analysis.pdf").status_code == 404
        second_seed = other_seed(study, seed)
        Study.objects.filter(pk=study.pk).update(allocation_seed=second_seed)
        assert next_arm(study, second_seed) != next_arm(study, seed)
        assert render_all(clients, second_seed) == first, stage
        if stage == "before enrolment":
            services.enrol_caregiver(study, alice.user, ELIGIBLE, FIRST, "1")


def test_the_walk_renders_every_page_route() -> None:
    """The GET pages above are every study page: a new one must be added there."""
    pages = {p.name for p in staff_urls.urlpatterns if isinstance(p, URLPattern)}
    pages |= {p.name for p in urls.urlpatterns if isinstance(p, URLPattern)}
    posts_only = {"invite", "withdraw", "deviation", "decline"}
    # Rendered above: a 404 while recruiting (test_analysis_page reads it once closed).
    downloads = {"analysis_pdf"}
    assert pages - posts_only - downloads == {
        "index",
        "study",
        "completeness",
        "analysis",
        "exports",
        "participant",
        "studies",
        "invitation",
    }


# --- The staff API's study routes ---------------------------------------------------------------

API_ROUTES = (
    "studies",
    "studies/{study}",
    "studies/{study}/completeness",
    "studies/{study}/analysis",
)


def api_paths_of(study: Study) -> list[str]:
    base = f"/staff/organisations/{study.organisation_id}/"
    return [base + route.format(study=study.pk) for route in API_ROUTES]


def test_no_api_route_differs_by_the_next_allocation(org: Organisation, alice: Member) -> None:
    study = make_recruiting_study(org)
    give_consent(alice.user, org, {"screenings_mood"})
    api = ApiClient(
        token=staff_token(make_staff(org, "r@lab.test", "Rae Lab", StaffRole.RESEARCHER))
    )
    for stage in ("before enrolment", "after enrolment"):
        seed = bytes(Study.objects.get(pk=study.pk).allocation_seed)
        first = [api.request("GET", path) for path in api_paths_of(study)]
        assert [a.status for a in first] == [200, 200, 200, 409], stage
        assert all(seed.hex() not in str(a.body) for a in first)
        second_seed = other_seed(study, seed)
        Study.objects.filter(pk=study.pk).update(allocation_seed=second_seed)
        again = [api.request("GET", path) for path in api_paths_of(study)]
        assert [(a.status, a.body) for a in again] == [(a.status, a.body) for a in first], stage
        if stage == "before enrolment":
            services.enrol_caregiver(study, alice.user, ELIGIBLE, FIRST, "1")
    assert Participant.objects.filter(study=study).count() == 1


def _api_routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif getattr(pattern.callback, "__module__", "").startswith("ninja"):
            yield prefix + str(pattern.pattern)


def test_the_api_walk_answers_every_study_route() -> None:
    """The routes above are every API route of studies: a new one must be added there."""
    found = {r for r in _api_routes(get_resolver().url_patterns) if "studies" in r}
    expected = {
        "api/v1/staff/organisations/<org_id>/" + route.replace("{study}", "<study_id>")
        for route in API_ROUTES
    }
    assert found == expected
