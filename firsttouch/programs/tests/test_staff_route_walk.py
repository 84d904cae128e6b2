"""Every staff route, walked: none returns family data outside consent.

The routes are read from ``programs.staff_urls``, so a route added later is walked too. One
that names an organisation (``org_id``) is a 404 for staff of another organisation; one that
names a family (``family_id``) is a 404 without that family's consent and writes exactly one
audit row per read with it. A route that names neither must be listed in ``NO_FAMILY_DATA``
below, on purpose, or this test fails. One that names an alert (``alert_id``) is a 404 for
staff of another organisation, for an alert of another organisation reached through one's own,
and for roles that do not work the queue; its page names the family only within consent and
logs exactly one read per view. A route that lists families of the organisation
(``LISTS_FAMILIES``) writes one row per family it shows, and none for a family without consent.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils.html import escape

from firsttouch.programs import staff_urls
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Alert, Organisation, StaffRole
from tests.cast import Member
from tests.staff import make_staff, verified_client

# Routes that show no family's data: the staff home, the second factor, invitations, her own
# API tokens.
NO_FAMILY_DATA = {"home", "setup", "verify", "accept_invitation", "revoke_token"}
# Organisation routes that show several families' data at once: one audit row per family shown.
LISTS_FAMILIES = {"caseload"}
ROUTES: list[URLPattern] = [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]


def kwargs_of(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.converters)


def url_for(pattern: URLPattern, org: Organisation, family_id: int, alert_id: int = 0) -> str:
    values = {"org_id": org.pk, "family_id": family_id, "alert_id": alert_id}
    return reverse(f"staff:{pattern.name}", kwargs={k: values[k] for k in kwargs_of(pattern)})


def alert_for(org: Organisation, member: Member) -> Alert:
    return Alert.objects.create(
        organisation=org, respondent=member.user, response_id=7, family_id=member.family.pk
    )


ALERT_ROUTES = [p for p in ROUTES if "alert_id" in kwargs_of(p)]
PAGES = [p for p in ALERT_ROUTES if p.name == "alert"]


def requests(client: Client, url: str) -> list[int]:
    return [client.get(url).status_code, client.post(url).status_code]


@pytest.fixture
def orgs(db: None) -> tuple[Organisation, Organisation]:
    return (
        Organisation.objects.create(name="Riverside clinic", contact_email="a@river.test"),
        Organisation.objects.create(name="Hilltop NICU", contact_email="b@hill.test"),
    )


def test_every_route_is_classified() -> None:
    for pattern in ROUTES:
        named = kwargs_of(pattern)
        assert "org_id" in named or pattern.name in NO_FAMILY_DATA, (
            f"staff route {pattern.name!r} names no organisation: list it in NO_FAMILY_DATA "
            "only if it shows no family's data"
        )


@pytest.mark.parametrize("pattern", [p for p in ROUTES if "org_id" in kwargs_of(p)], ids=str)
def test_staff_of_another_organisation_get_404(
    pattern: URLPattern, alice: Member, orgs: tuple[Organisation, Organisation]
) -> None:
    riverside, hilltop = orgs
    give_consent(alice.user, riverside, {"massage_sessions", "baby_logs", "notes"})
    outsider = make_staff(hilltop, "boss@hill.test", "Hal Hill", StaffRole.ORG_ADMIN)
    url = url_for(pattern, riverside, alice.family.pk, alert_for(riverside, alice).pk)
    assert requests(verified_client(outsider), url) == [404, 404]
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("pattern", [p for p in ROUTES if "family_id" in kwargs_of(p)], ids=str)
@pytest.mark.parametrize("consented_elsewhere", [False, True])
def test_staff_without_consent_get_404(
    pattern: URLPattern,
    alice: Member,
    orgs: tuple[Organisation, Organisation],
    consented_elsewhere: bool,
) -> None:
    riverside, hilltop = orgs
    if consented_elsewhere:
        give_consent(alice.user, hilltop, {"massage_sessions", "notes"})
    boss = make_staff(riverside, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    url = url_for(pattern, riverside, alice.family.pk)
    read, write = requests(verified_client(boss), url)
    # A read is a 404; a write to a read-only route may be refused for its method instead,
    # which says nothing about the family.
    assert read == 404 and write in {404, 405}
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("pattern", [p for p in ROUTES if "family_id" in kwargs_of(p)], ids=str)
def test_each_read_with_consent_writes_exactly_one_audit_row(
    pattern: URLPattern, alice: Member, orgs: tuple[Organisation, Organisation]
) -> None:
    riverside, _ = orgs
    give_consent(alice.user, riverside, {"notes"})
    boss = make_staff(riverside, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    client = verified_client(boss)
    url = url_for(pattern, riverside, alice.family.pk)
    for reads in (1, 2):
        assert client.get(url).status_code == 200
        assert AccessLog.objects.count() == reads


@pytest.mark.parametrize("pattern", ALERT_ROUTES, ids=str)
def test_another_organisations_alert_is_a_404_through_ones_own(
    pattern: URLPattern, alice: Member, orgs: tuple[Organisation, Organisation]
) -> None:
    riverside, hilltop = orgs
    theirs = alert_for(hilltop, alice)
    boss = make_staff(riverside, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    url = url_for(pattern, riverside, alice.family.pk, theirs.pk)
    read, write = requests(verified_client(boss), url)
    assert read in {404, 405} and write in {404, 405} and 404 in {read, write}
    assert not AccessLog.objects.exists()
    theirs.refresh_from_db()
    assert theirs.acknowledged_at is None


@pytest.mark.parametrize("role", [StaffRole.CLASS_LEADER, StaffRole.RESEARCHER])
@pytest.mark.parametrize("pattern", [*ALERT_ROUTES, *[p for p in ROUTES if p.name == "alerts"]])
def test_roles_that_do_not_work_the_queue_get_404(
    pattern: URLPattern, role: str, alice: Member, orgs: tuple[Organisation, Organisation]
) -> None:
    riverside, _ = orgs
    give_consent(alice.user, riverside, {"screenings_mood", "notes"})
    member = make_staff(riverside, "someone@river.test", "Sam One", role)
    url = url_for(pattern, riverside, alice.family.pk, alert_for(riverside, alice).pk)
    read, write = requests(verified_client(member), url)
    assert read in {404, 405} and write in {404, 405} and 404 in {read, write}
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("pattern", PAGES, ids=str)
@pytest.mark.parametrize("consented", [False, True])
def test_an_alert_page_shows_the_family_only_within_consent_and_logs_each_view(
    pattern: URLPattern,
    alice: Member,
    orgs: tuple[Organisation, Organisation],
    consented: bool,
) -> None:
    riverside, hilltop = orgs
    give_consent(alice.user, riverside if consented else hilltop, {"notes"})
    nurse = make_staff(riverside, "nurse@river.test", "Nina Nurse", StaffRole.CLINICIAN)
    client = verified_client(nurse)
    url = url_for(pattern, riverside, alice.family.pk, alert_for(riverside, alice).pk)
    for reads in (1, 2):
        page = client.get(url)
        assert page.status_code == 200
        assert AccessLog.objects.count() == reads
    text = page.content.decode()
    assert (escape(alice.family.name) in text) is consented
    assert (alice.user.email in text) is consented
    assert 'aria-label="Main"' not in text  # not the family's own tab bar
    assert f"Family #{alice.family.pk}" in text or consented
    log = AccessLog.objects.first()
    assert log is not None and log.family_id == alice.family.pk
    # What the page reveals: an alert from her screenings, whatever is shared today.
    assert log.categories == "screenings_mood" and log.why == "follow-up"


@pytest.mark.parametrize("pattern", [p for p in ROUTES if p.name in LISTS_FAMILIES], ids=str)
def test_a_list_writes_one_audit_row_per_family_shown_per_read(
    pattern: URLPattern, alice: Member, bob: Member, orgs: tuple[Organisation, Organisation]
) -> None:
    riverside, hilltop = orgs
    give_consent(alice.user, riverside, {"notes"})
    give_consent(bob.user, hilltop, {"notes"})  # shares with another organisation only
    boss = make_staff(riverside, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    client = verified_client(boss)
    url = url_for(pattern, riverside, alice.family.pk)
    for reads in (1, 2):
        assert client.get(url).status_code == 200
        assert (
            list(AccessLog.objects.values_list("family_id", flat=True)) == [alice.family.pk] * reads
        )
