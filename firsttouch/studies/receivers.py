"""What studies hear from the rest of firsttouch: completed questionnaires, deleted accounts.

Connected in ``StudiesConfig.ready``; wellbeing and accounts never import studies.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import followup
from .models import Assessment, Participant


def link_completed_screening(sender: Any, response: Any, **kwargs: Any) -> list[Assessment]:
    """A completed EPDS (or any listed instrument) inside an open window is the assessment."""
    return followup.link_response(response)


def withdraw_on_account_deletion(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Deleting her account withdraws her from every study without keeping her data: the
    study consent says data is kept only when she chooses so, and a deleted account cannot
    choose. Her row stays (slot and allocation are the trial's record) and names nobody."""
    Participant.objects.filter(caregiver=instance, withdrawn_at=None).update(
        withdrawn_at=timezone.now(),
        withdrawal_keeps_data=False,
        withdrawal_reason="account deleted",
    )
