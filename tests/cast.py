"""The cast for tests: families, so "Bob cannot see Alice's baby" is a one-liner.

It lives with the tests (the root conftest.py turns it into fixtures), not in the shipped
package: ``firsttouch.core`` is the bottom layer and imports no app, while the cast signs up
caregivers (accounts) and adds babies (babies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from firsttouch.accounts import services
from firsttouch.accounts.models import Family, Invitation, Membership, Role, User
from firsttouch.babies.models import Baby

PASSWORD = "gentle-strokes-42"


@dataclass
class Member:
    user: User
    family: Family
    membership: Membership

    def client(self) -> Client:
        c = Client()
        c.force_login(self.user)
        return c


def make_member(
    email: str, name: str, role: str = Role.MOTHER, time_zone: str = "Europe/London"
) -> Member:
    user = services.sign_up(
        email=email, password=PASSWORD, name=name, role=role, time_zone=time_zone
    )
    membership = user.membership
    return Member(user, membership.family, membership)


def invite_member(inviter: Member, email: str, name: str, role: str = Role.PARTNER) -> Member:
    _, raw = Invitation.issue(inviter.family, inviter.user, role)
    user = services.sign_up(email=email, password=PASSWORD, name=name, invitation_token=raw)
    membership = user.membership
    return Member(user, membership.family, membership)


def make_baby(
    family: Family, name: str = "Mia", age_days: int = 60, gestational_weeks: int | None = None
) -> Baby:
    born: date = timezone.localdate() - timedelta(days=age_days)
    return Baby.objects.create(
        family=family, name=name, birth_date=born, gestational_weeks=gestational_weeks
    )
