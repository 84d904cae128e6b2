"""Admin for studies, arms and participants. The allocation seed is never shown: the field is
not editable, so no admin form includes it, and it is left out of every list too.

Once a study recruits, its protocol (arms, strata, block sizes, eligibility, schedule, consent)
is read-only here as in ``services.change_protocol``: the allocation lists and what
participants agreed to depend on it. ``Study.clean`` refuses a change anyway.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import LOCKED_FIELDS, Arm, Participant, ProtocolDeviation, Study


class ArmInline(admin.TabularInline[Arm, Study]):
    model = Arm
    extra = 2

    # Django hands an inline's permission checks the parent (the study), whatever the stubs say.
    def _draft(self, obj: Any) -> bool:
        return not isinstance(obj, Study) or obj.is_draft

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin[Study]):
    list_display = [
        "title",
        "organisation",
        "registration_id",
        "status",
        "target_size",
        "created_at",
    ]
    exclude = ["allocation_seed"]
    inlines = [ArmInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Study | None = None) -> list[str]:
        if obj is not None and not obj.is_draft:
            return list(LOCKED_FIELDS)
        return []


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    """Read-only: a participant is made by enrolment and changed by withdrawal only."""

    list_display = ["code", "study", "arm", "enrolled_at", "withdrawn_at"]
    list_filter = ["study", "arm"]
    search_fields = ["code"]
    exclude = ["consent_text", "eligibility_answers"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Participant | None = None) -> bool:
        return False


@admin.register(ProtocolDeviation)
class ProtocolDeviationAdmin(admin.ModelAdmin[ProtocolDeviation]):
    list_display = ["participant", "time_point", "recorded_by", "recorded_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ProtocolDeviation | None = None
    ) -> bool:
        return False
