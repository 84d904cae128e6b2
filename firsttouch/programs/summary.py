"""What a staff member sees of a family: a short summary of the consented categories only.

Each part is built only when its category is in the consent, so data outside consent is never
even read. The fuller caseload and timeline come later and call the same consent function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from firsttouch.accounts.models import Family, User
from firsttouch.core.scoping import scoped
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import ENTRY_MODELS, Note
from firsttouch.wellbeing.services import latest_epds

from .consent import consented_categories
from .models import ConsentCategory, Organisation

RECENT_DAYS = 7
NOTES_SHOWN = 3


@dataclass(frozen=True)
class Screening:
    caregiver: str
    band: str
    completed_at: datetime | None


@dataclass
class FamilySummary:
    family: Family
    categories: set[str]
    massage_count: int = 0
    last_massage: datetime | None = None
    recent_logs: dict[str, int] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    screenings: list[Screening] = field(default_factory=list)


def _caregivers(family: Family) -> list[User]:
    return list(
        User.objects.filter(membership__family=family).order_by("membership__joined_at", "pk")
    )


def family_summary(organisation: Organisation, family: Family) -> FamilySummary:
    """The summary of ``family`` that ``organisation`` may see now (empty categories: none)."""
    categories = consented_categories(organisation, family)
    summary = FamilySummary(family=family, categories=categories)
    if ConsentCategory.MASSAGE_SESSIONS in categories:
        sessions = scoped(MassageSession, family)
        summary.massage_count = sessions.count()
        last = sessions.order_by("-started_at").first()
        summary.last_massage = last.started_at if last else None
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    if ConsentCategory.BABY_LOGS in categories:
        for model in ENTRY_MODELS.values():
            if model is Note:
                continue  # free text: the notes category
            count = scoped(model, family).filter(created_at__gte=since).count()
            if count:
                summary.recent_logs[str(model._meta.verbose_name_plural)] = count
    if ConsentCategory.NOTES in categories:
        summary.notes = list(scoped(Note, family).order_by("-time")[:NOTES_SHOWN])
    if ConsentCategory.SCREENINGS_MOOD in categories:
        # Only the caregivers who share their own screenings: never one for another.
        for caregiver in _caregivers(family):
            if ConsentCategory.SCREENINGS_MOOD not in consented_categories(organisation, caregiver):
                continue
            response = latest_epds(caregiver)
            summary.screenings.append(
                Screening(
                    caregiver=caregiver.get_full_name() or caregiver.email,
                    band=response.band if response else "",
                    completed_at=response.completed_at if response else None,
                )
            )
    return summary
