"""Her own choices about her screenings: the crisis lines' country and family sharing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .models import CaregiverSettings, Response

if TYPE_CHECKING:
    from firsttouch.accounts.models import User


def settings_for(user: User) -> CaregiverSettings:
    """Her settings row, created with the defaults on first use."""
    row, _ = CaregiverSettings.objects.get_or_create(user=user)
    return row


def set_family_sharing(user: User, shared: bool) -> int:
    """Share (or stop sharing) all her screenings with her family; new ones follow suit.

    Returns how many responses changed. Per-response choices can still be made afterwards.
    """
    with transaction.atomic():
        row = settings_for(user)
        row.share_screenings_with_family = shared
        row.save(update_fields=["share_screenings_with_family"])
        return (
            Response.objects.filter(respondent=user)
            .exclude(shared_with_family=shared)
            .update(shared_with_family=shared)
        )
