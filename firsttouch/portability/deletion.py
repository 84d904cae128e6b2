"""Deleting an account, and with the family's admin, the family's data.

Two cases:

* The family's admin (the mother who made it) deletes her account: the family goes with her,
  its babies and everything logged about them, its massagers and invitations. The other
  caregivers keep their accounts and their own private records; each is e-mailed. Their
  membership of the deleted family is removed and each gets a new, empty family of their own
  (as at sign-up), because their private screenings need a family to belong to and they
  should still be able to log in and use the app.
* Anyone else deletes only their own account and private records; the family stays.

Either way the person's private records (screenings, mood, self-care, symptoms, lactation),
API keys, reminders, clinic consents, sessions and failed log-in records go. Urgent clinic
alerts are the clinic's clinical record: they stay, with the respondent set to empty
(``Alert.respondent`` is ``SET_NULL``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from firsttouch.accounts.models import Family, LoginCounter, Membership, ThrottleScope, User
from firsttouch.wellbeing.models import Response

logger = logging.getLogger(__name__)


@dataclass
class DeletionReport:
    """What happened, for the page shown afterwards and for tests."""

    email: str
    family_deleted: bool
    told: list[str] = field(default_factory=list)


def _end_sessions(user: User) -> None:
    """Log the account out everywhere: sessions keep only the user's id, encoded."""
    ours = str(user.pk)
    doomed = [
        s.pk for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == ours
    ]
    Session.objects.filter(pk__in=doomed).delete()


def _rehome(caregiver: User, old: Family) -> None:
    """A caregiver of a deleted family keeps their account in a new family of their own."""
    before = Membership.objects.get(user=caregiver)
    role = before.role
    before.delete()
    new = Family.objects.create(
        name=f"{caregiver.first_name or 'My'}'s family", time_zone=old.time_zone
    )
    Membership.objects.create(user=caregiver, family=new, is_admin=True, role=role)
    Response.objects.filter(family=old, respondent=caregiver).update(family=new)


def _tell(caregiver: User, deleted_by: User, family_name: str) -> None:
    # Her own language, not the one of the deleting person's request.
    with translation.override(caregiver.language_of_messages):
        subject, body = _farewell(caregiver, deleted_by, family_name)
    try:
        send_mail(subject, body, None, [caregiver.email])
    except Exception:  # the deletion has happened; a bad address must not undo or hide it
        logger.exception("Could not tell user %s that their family was deleted", caregiver.pk)


def _farewell(caregiver: User, deleted_by: User, family_name: str) -> tuple[str, str]:
    name = deleted_by.first_name or deleted_by.email
    if caregiver.first_name:
        hello = gettext("Hello %(name)s,") % {"name": caregiver.first_name}
    else:
        hello = gettext("Hello there,")
    body = "\n".join(
        [
            hello,
            "",
            gettext(
                '%(name)s deleted their firsttouch account and the family "%(family)s" with it.'
            )
            % {"name": name, "family": family_name},
            gettext("The babies, their logs and massage sessions are gone."),
            "",
            gettext(
                "Your account is kept, and so are your own records (wellbeing checks, mood, "
                "self-care and lactation). You now have an empty family of your own: log in to "
                "add a baby, or to export or delete your own data."
            ),
        ]
    )
    return gettext("A family you were part of was deleted"), body


def delete_account(user: User) -> DeletionReport:
    """Delete ``user`` (and their family when they are its admin); all or nothing."""
    with transaction.atomic():
        membership = Membership.objects.select_related("family").filter(user=user).first()
        family = membership.family if membership and membership.is_admin else None
        others: list[User] = []
        family_name = ""
        if family is not None:
            family_name = family.name
            others = list(User.objects.filter(membership__family=family).exclude(pk=user.pk))
            for caregiver in others:
                _rehome(caregiver, family)
        report = DeletionReport(user.email, family is not None)
        _end_sessions(user)
        counters = LoginCounter.objects.filter(scope=ThrottleScope.ACCOUNT)
        counters.filter(subject__iexact=user.email).delete()
        if user.username:
            counters.filter(subject__iexact=user.username).delete()
        # The user first: their rows cascade (or, for clinic alerts, keep with no respondent).
        user.delete()
        if family is not None:
            family.delete()
    for caregiver in others:
        _tell(caregiver, user, family_name)
        report.told.append(caregiver.email)
    return report
