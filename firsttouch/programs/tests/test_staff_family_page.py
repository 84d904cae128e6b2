"""A family's page for staff: only what she consents to, one audit row per view, else 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from firsttouch.babies.models import Baby
from firsttouch.portability.tests.factories import fill
from firsttouch.programs.consent import give_consent, revoke
from firsttouch.programs.models import AccessLog, Organisation, StaffRole
from tests.cast import Member
from tests.staff import make_staff, verified_client

NOTE = "Calmer after the evening massage"


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


@pytest.fixture
def logged(alice: Member, mia: Baby) -> None:
    fill(alice, mia, note=NOTE)


def page(clinic: Organisation, member: Member, role: str = StaffRole.CLINICIAN) -> str:
    nurse = make_staff(clinic, f"{role}@river.test", "Nina Nurse", role)
    reply = verified_client(nurse).get(reverse("staff:family", args=[clinic.pk, member.family.pk]))
    assert reply.status_code == 200
    return reply.content.decode()


def test_only_the_consented_categories_are_shown(
    alice: Member, clinic: Organisation, logged: None
) -> None:
    give_consent(alice.user, clinic, {"massage_sessions"})
    html = page(clinic, alice)
    assert "1 session" in html
    assert "Screenings" not in html and "EPDS" not in html
    assert NOTE not in html and "logs, last 7 days" not in html


def test_every_category_when_she_shares_everything(
    alice: Member, clinic: Organisation, logged: None
) -> None:
    give_consent(alice.user, clinic, {"massage_sessions", "baby_logs", "screenings_mood", "notes"})
    html = page(clinic, alice)
    assert "1 session" in html and "Sleep: 1" in html
    assert NOTE in html
    assert "latest EPDS band" in html and "Alice" in html


def test_a_partners_screenings_stay_his_to_share(
    alice: Member, dan: Member, clinic: Organisation, logged: None
) -> None:
    give_consent(dan.user, clinic, {"screenings_mood"})
    html = page(clinic, alice)
    assert "Dan" in html and "no EPDS completed yet" in html
    assert "<strong>Alice</strong>" not in html  # she did not share hers


def test_a_view_writes_exactly_one_audit_row(alice: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"notes", "baby_logs"})
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    client = verified_client(nurse)
    url = reverse("staff:family", args=[clinic.pk, alice.family.pk])
    client.get(url + "?why=alert%20%2312")
    row = AccessLog.objects.get()
    assert (row.staff, row.organisation, row.family_id) == (nurse, clinic, alice.family.pk)
    assert (row.categories, row.why) == ("baby_logs,notes", "alert #12")
    client.get(url)
    assert AccessLog.objects.count() == 2


def test_after_revocation_the_page_is_gone_at_once(alice: Member, clinic: Organisation) -> None:
    consent = give_consent(alice.user, clinic, {"notes"})
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    client = verified_client(nurse)
    url = reverse("staff:family", args=[clinic.pk, alice.family.pk])
    assert client.get(url).status_code == 200
    revoke(consent)
    assert client.get(url).status_code == 404
    assert AccessLog.objects.count() == 1


def test_researchers_do_not_open_family_pages(alice: Member, clinic: Organisation) -> None:
    give_consent(alice.user, clinic, {"notes"})
    researcher = make_staff(clinic, "res@river.test", "Rita", StaffRole.RESEARCHER)
    url = reverse("staff:family", args=[clinic.pk, alice.family.pk])
    assert verified_client(researcher).get(url).status_code == 404
    assert not AccessLog.objects.exists()


def test_an_unknown_family_is_a_404(clinic: Organisation) -> None:
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    url = reverse("staff:family", args=[clinic.pk, 999999])
    assert verified_client(nurse).get(url).status_code == 404
