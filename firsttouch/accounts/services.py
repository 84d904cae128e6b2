"""Account and family rules, without HTTP: sign-up, invitations, removal (see throttle.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Family, Invitation, Membership, Role, User, hash_secret


class FamilyError(Exception):
    """A family action that cannot be done; the message is shown to the user as it is."""


@transaction.atomic
def sign_up(
    *,
    email: str,
    password: str,
    name: str,
    role: str = Role.MOTHER,
    time_zone: str = "UTC",
    invitation_token: str | None = None,
) -> User:
    """Create a user and either a new family (with them as its admin) or join an invitation's."""
    email = email.strip().lower()
    user = User(username=email, email=email, first_name=name.strip())
    user.set_password(password)
    user.save()
    if invitation_token:
        accept_invitation(user, invitation_token)
    else:
        family = Family.objects.create(
            name=f"{user.first_name or 'My'}'s family", time_zone=time_zone
        )
        Membership.objects.create(user=user, family=family, role=role, is_admin=True)
    return user


def find_invitation(raw_token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("family", "created_by")
        .filter(token_hash=hash_secret(raw_token))
        .first()
    )


@transaction.atomic
def accept_invitation(user: User, raw_token: str) -> Membership:
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=hash_secret(raw_token)).first()
    )
    if invitation is None:
        raise FamilyError(_("This invitation link is not valid. Ask for a new one."))
    if invitation.used_at is not None:
        raise FamilyError(_("This invitation link has already been used. Ask for a new one."))
    if invitation.expires_at <= timezone.now():
        raise FamilyError(_("This invitation link has expired. Ask for a new one."))
    if Membership.objects.filter(user=user).exists():
        raise FamilyError(_("You already belong to a family. Leave it before joining another."))
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    return Membership.objects.create(user=user, family=invitation.family, role=invitation.role)


def remove_caregiver(by: Membership, membership: Membership) -> None:
    if not by.is_admin:
        raise FamilyError(_("Only the family's admin can remove caregivers."))
    if membership.family_id != by.family_id:
        raise FamilyError(_("That person is not in your family."))
    if membership.pk == by.pk:
        raise FamilyError(_("You cannot remove yourself."))
    membership.delete()
