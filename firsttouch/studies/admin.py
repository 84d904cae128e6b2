"""Admin for studies, arms and participants. The allocation seed is never shown: the field is
not editable, so no admin form includes it, and it is left out of every list too."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Arm, Participant, Study


class ArmInline(admin.TabularInline[Arm, Study]):
    model = Arm
    extra = 2


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin[Study]):
    list_display = ["title", "organisation", "registration_id", "target_size", "created_at"]
    exclude = ["allocation_seed"]
    inlines = [ArmInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    """Read-only: a participant is made by enrolment and changed by withdrawal only."""

    list_display = ["code", "study", "arm", "enrolled_at", "withdrawn_at"]
    list_filter = ["study", "arm"]
    search_fields = ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Participant | None = None) -> bool:
        return False
