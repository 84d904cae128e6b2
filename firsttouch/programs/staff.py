"""Organisation staff: who belongs where, and the e-mailed invitation that makes someone staff.

An invitation's link works once, for the address it was sent to, until it expires
(``INVITATION_VALID_DAYS``, like a family's). Only the hash of its token is stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from firsttouch.accounts.models import ApiToken, User, hash_secret

from .models import Organisation, StaffInvitation, StaffMembership, StaffRole


class StaffError(Exception):
    """A staff action that cannot be done; the message is shown as it is."""


def memberships(user: User) -> list[StaffMembership]:
    """The organisations ``user`` is staff of now (empty for families)."""
    if not user.is_authenticated:
        return []
    return list(
        StaffMembership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def is_staff_member(user: User) -> bool:
    return (
        bool(user.is_authenticated) and StaffMembership.objects.active().filter(user=user).exists()
    )


def membership_in(user: User, organisation_id: int) -> StaffMembership | None:
    """Her place in that organisation's staff, or None (then every page of it is a 404)."""
    return (
        StaffMembership.objects.active()
        .filter(user=user, organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )


def invitation_link(raw_token: str) -> str:
    return settings.SITE_URL + reverse("staff:accept_invitation", args=[raw_token])


def invite(
    organisation: Organisation, email: str, role: str, invited_by: User | None
) -> tuple[StaffInvitation, str]:
    """Create an invitation and e-mail its link; return it with the raw token (never stored).

    ``invited_by`` must be an admin of ``organisation``; None is the operator's first admin.
    """
    if role not in StaffRole.values:
        raise StaffError(_("Choose the role the person will have."))
    if invited_by is not None:
        inviter = membership_in(invited_by, organisation.pk)
        if inviter is None or not inviter.is_admin:
            raise StaffError(_("Only the organisation's admins can invite staff."))
    raw = secrets.token_urlsafe(24)
    invitation = StaffInvitation.objects.create(
        organisation=organisation,
        email=email.strip().lower(),
        role=role,
        token_hash=hash_secret(raw),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    # In the language the inviting admin works in (the request's): the invitee has no
    # account, and so no language, yet.
    who = (invited_by.get_full_name() or invited_by.email) if invited_by else _("The operator")
    role_name = str(invitation.get_role_display())
    words = {"who": who, "organisation": organisation.name, "role": role_name}
    send_mail(
        subject=_("[firsttouch] Join %(organisation)s as %(role)s") % words,
        message=(
            _("%(who)s invites you to join %(organisation)s on firsttouch as %(role)s.")
            % {**words, "role": role_name.lower()}
            + "\n\n"
            + _("Open this link to accept (it works once, until %(until)s UTC):")
            % {"until": f"{invitation.expires_at:%Y-%m-%d %H:%M}"}
            + f"\n{invitation_link(raw)}\n\n"
            + _("You will set up two-factor authentication before you see any family's data.")
            + "\n"
            + _("If you did not expect this, ignore this e-mail.")
            + "\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return invitation, raw


@dataclass(frozen=True)
class InvitationCheck:
    """What a link leads to: the invitation, or why it cannot be used (shown as it is)."""

    invitation: StaffInvitation | None
    problem: str = ""
    status: int = 200


def check_invitation(raw_token: str) -> InvitationCheck:
    invitation = (
        StaffInvitation.objects.select_related("organisation")
        .filter(token_hash=hash_secret(raw_token))
        .first()
    )
    if invitation is None:
        return InvitationCheck(
            None,
            _(
                "This invitation link is not valid. Check that you opened the whole link from "
                "the e-mail, or ask the organisation's admin for a new one."
            ),
            404,
        )
    if invitation.accepted_at is not None:
        return InvitationCheck(
            invitation,
            _(
                "This invitation has already been used. Log in to reach the staff pages, or "
                "ask the organisation's admin for a new invitation."
            ),
            410,
        )
    if invitation.expires_at <= timezone.now():
        return InvitationCheck(
            invitation,
            _("This invitation has expired. Ask the organisation's admin to invite you again."),
            410,
        )
    return InvitationCheck(invitation)


@transaction.atomic
def accept(user: User, raw_token: str) -> StaffMembership:
    """Make ``user`` staff as the invitation says: once, before it expires, for its address."""
    check = check_invitation(raw_token)
    if check.problem or check.invitation is None:
        raise StaffError(check.problem)
    invitation = StaffInvitation.objects.select_for_update().get(pk=check.invitation.pk)
    if invitation.accepted_at is not None:
        raise StaffError(check_invitation(raw_token).problem)
    if user.email.strip().lower() != invitation.email:
        raise StaffError(
            _(
                "This invitation is for %(email)s. Log out and log in (or create an account) "
                "with that address."
            )
            % {"email": invitation.email}
        )
    if membership_in(user, invitation.organisation_id) is not None:
        raise StaffError(
            _("You are already staff of %(organisation)s.")
            % {"organisation": invitation.organisation.name}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return StaffMembership.objects.create(
        organisation=invitation.organisation, user=user, role=invitation.role
    )


@transaction.atomic
def sign_up_and_accept(raw_token: str, name: str, password: str) -> User:
    """A staff account (no family: staff are not caregivers) for the invitation's address."""
    check = check_invitation(raw_token)
    if check.problem or check.invitation is None:
        raise StaffError(check.problem)
    email = check.invitation.email
    if User.objects.filter(username=email).exists():
        raise StaffError(
            _("An account with %(email)s already exists. Log in with it, then open the link again.")
            % {"email": email}
        )
    user = User(username=email, email=email, first_name=name.strip())
    validate_password(password, user)
    user.set_password(password)
    user.save()
    accept(user, raw_token)
    return user


def create_organisation(name: str, kind: str, admin_email: str) -> tuple[Organisation, str]:
    """The operator's way in: a new organisation and an invitation for its first admin."""
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name.strip(), kind=kind, contact_email=admin_email.strip().lower()
        )
        _invitation, raw = invite(organisation, admin_email, StaffRole.ORG_ADMIN, invited_by=None)
    return organisation, raw


# --- The staff member's own API tokens ---------------------------------------------------------


def api_tokens(user: User) -> QuerySet[ApiToken]:
    """Her staff API tokens (issued after a second factor, decision 0009), newest first.

    Only the prefix and the dates are ever shown: the secret is shown once, when issued.
    """
    return ApiToken.objects.filter(user=user, second_factor_at__isnull=False).order_by(
        "-created_at", "-pk"
    )


def revoke_api_token(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of her own staff tokens; None when it is not hers (or not a staff token),
    which changes nothing. A revoked token stops working at the next call."""
    token = api_tokens(user).filter(pk=token_id).first()
    if token is not None:
        token.delete()
    return token
