"""Becoming staff: the operator's command, an admin's invitation, and following the link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.models import Membership, User, hash_secret
from firsttouch.programs import staff
from firsttouch.programs.models import (
    Organisation,
    StaffInvitation,
    StaffMembership,
    StaffRole,
)
from tests.cast import PASSWORD, Member
from tests.staff import make_staff, verified_client


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"http://\S+/staff/invitations/(\S+)/", str(message.body))
    assert found, message.body
    return found.group(1)


def test_the_operator_creates_an_organisation_and_invites_its_admin(db: None) -> None:
    call_command(
        "create_organisation", "--name", "Hilltop NICU", "--kind", "nicu",
        "--admin-email", "Lead@Hill.test",
    )  # fmt: skip
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.kind) == ("Hilltop NICU", "nicu")
    assert organisation.alert_ack_window == timedelta(hours=1)
    invitation = StaffInvitation.objects.get()
    assert (invitation.email, invitation.role) == ("lead@hill.test", StaffRole.ORG_ADMIN)
    [message] = mail.outbox
    assert message.to == ["lead@hill.test"]
    assert invitation.token_hash == hash_secret(link_in(message))  # only the hash is stored


@pytest.mark.parametrize(
    "args",
    [["--kind", "pub", "--admin-email", "a@b.test"], ["--kind", "nicu", "--admin-email", "x"]],
)
def test_the_command_refuses_a_bad_kind_or_address(db: None, args: list[str]) -> None:
    with pytest.raises((CommandError, SystemExit)):
        call_command("create_organisation", "--name", "Hilltop", *args)
    assert not Organisation.objects.exists()


def test_an_org_admin_invites_from_the_staff_page(clinic: Organisation) -> None:
    boss = make_staff(clinic, "boss@river.test", "Bea Boss", StaffRole.ORG_ADMIN)
    reply = verified_client(boss).post(
        reverse("staff:invite", args=[clinic.pk]),
        {"email": "nurse@river.test", "role": StaffRole.CLINICIAN},
    )
    assert reply.status_code == 302
    invitation = StaffInvitation.objects.get()
    assert (invitation.invited_by, invitation.role) == (boss, StaffRole.CLINICIAN)
    assert "Bea Boss invites you to join Riverside clinic" in mail.outbox[0].body


def test_a_clinician_cannot_invite(clinic: Organisation) -> None:
    nurse = make_staff(clinic, "nurse@river.test", "Nina Nurse")
    reply = verified_client(nurse).post(
        reverse("staff:invite", args=[clinic.pk]), {"email": "x@river.test", "role": "org_admin"}
    )
    assert reply.status_code == 404
    assert not StaffInvitation.objects.exists()
    with pytest.raises(staff.StaffError):
        staff.invite(clinic, "x@river.test", StaffRole.ORG_ADMIN, invited_by=nurse)


def test_a_new_person_creates_a_staff_account_from_the_link(clinic: Organisation) -> None:
    _, raw = staff.invite(clinic, "nurse@river.test", StaffRole.CLINICIAN, invited_by=None)
    client = Client()
    url = reverse("staff:accept_invitation", args=[raw])
    page = client.get(url)
    assert page.status_code == 200 and "nurse@river.test" in page.content.decode()
    reply = client.post(url, {"name": "Nina", "password": PASSWORD})
    assert reply.status_code == 302 and reply["Location"] == reverse("staff:home")
    user = User.objects.get(email="nurse@river.test")
    assert StaffMembership.objects.active().get(user=user).organisation == clinic
    assert not Membership.objects.filter(user=user).exists()  # staff are not a family
    # The staff home asks for the second factor first.
    assert client.get(reverse("staff:home"))["Location"].startswith(reverse("staff:setup"))


def test_a_weak_password_is_refused_and_nothing_is_created(clinic: Organisation) -> None:
    _, raw = staff.invite(clinic, "nurse@river.test", StaffRole.CLINICIAN, invited_by=None)
    reply = Client().post(
        reverse("staff:accept_invitation", args=[raw]), {"name": "Nina", "password": "123"}
    )
    assert reply.status_code == 400
    assert not User.objects.filter(email="nurse@river.test").exists()


def test_someone_with_an_account_accepts_logged_in(alice: Member, clinic: Organisation) -> None:
    _, raw = staff.invite(clinic, "alice@example.com", StaffRole.CLASS_LEADER, invited_by=None)
    reply = alice.client().post(reverse("staff:accept_invitation", args=[raw]))
    assert reply.status_code == 302
    assert StaffMembership.objects.get(user=alice.user).role == StaffRole.CLASS_LEADER


def test_the_link_is_for_its_address_only(bob: Member, clinic: Organisation) -> None:
    _, raw = staff.invite(clinic, "alice@example.com", StaffRole.CLINICIAN, invited_by=None)
    reply = bob.client().post(reverse("staff:accept_invitation", args=[raw]))
    assert reply.status_code == 400
    assert "This invitation is for alice@example.com" in reply.content.decode()
    assert not StaffMembership.objects.exists()


def test_a_used_link_says_so(alice: Member, clinic: Organisation) -> None:
    _, raw = staff.invite(clinic, "alice@example.com", StaffRole.CLINICIAN, invited_by=None)
    staff.accept(alice.user, raw)
    reply = alice.client().get(reverse("staff:accept_invitation", args=[raw]))
    assert reply.status_code == 410
    assert "already been used" in reply.content.decode()


def test_an_expired_link_says_so(alice: Member, clinic: Organisation) -> None:
    invitation, raw = staff.invite(clinic, "alice@example.com", "clinician", invited_by=None)
    StaffInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    reply = alice.client().post(reverse("staff:accept_invitation", args=[raw]))
    assert reply.status_code == 410
    assert "has expired" in reply.content.decode()
    assert not StaffMembership.objects.exists()


def test_a_wrong_link_says_what_to_do(db: None) -> None:
    reply = Client().get(reverse("staff:accept_invitation", args=["not-a-token"]))
    assert reply.status_code == 404
    assert "opened the whole link" in reply.content.decode()
