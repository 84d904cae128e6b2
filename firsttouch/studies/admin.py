"""Admin for studies, arms and participants. The allocation seed is never shown: the field is
not editable, so no admin form includes it, and it is left out of every list too.

Once a study recruits, its protocol (arms, strata, block sizes, eligibility, schedule, consent)
is read-only here as in ``services.change_protocol``: the allocation lists and what
participants agreed to depend on it. ``Study.clean`` refuses a change anyway.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import LOCKED_FIELDS, Arm, Participant, ProtocolDeviation, Study, StudyStatus


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


ARM_CONCEALED = "concealed until recruitment closes"


def arm_revealed(study: Study) -> bool:
    """A participant's arm may be shown once her study stops recruiting: until then, lists
    per arm would narrow down the next allocation (docs/decisions/0010-study-enrolment.md)."""
    return study.status == StudyStatus.CLOSED


class ClosedStudyArmFilter(admin.SimpleListFilter):
    """Filter by arm, offering only the arms of studies that no longer recruit."""

    title = "arm (closed studies)"
    parameter_name = "closed_arm"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        arms = Arm.objects.filter(study__status=StudyStatus.CLOSED).select_related("study")
        return [(str(a.pk), f"{a.study.title}: {a.name}") for a in arms.order_by("study", "pk")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Participant]
    ) -> QuerySet[Participant]:
        arm = self.value()
        if arm is None:
            return queryset
        return queryset.filter(arm_id=arm, study__status=StudyStatus.CLOSED)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    """Read-only: a participant is made by enrolment and changed by withdrawal only. Her arm
    is concealed while her study recruits (``arm_revealed``): not in the list, not as a
    filter or a lookup in the address, not on her page."""

    list_display = ["code", "study", "arm_shown", "enrolled_at", "withdrawn_at"]
    list_filter = ["study", ClosedStudyArmFilter]
    list_select_related = ["study", "arm"]
    search_fields = ["code"]
    exclude = ["consent_text", "eligibility_answers"]

    @admin.display(description="arm")
    def arm_shown(self, obj: Participant) -> str:
        return obj.arm.name if arm_revealed(obj.study) else ARM_CONCEALED

    def get_exclude(self, request: HttpRequest, obj: Participant | None = None) -> list[str]:
        hidden = list(self.exclude or [])
        return hidden if obj is not None and arm_revealed(obj.study) else [*hidden, "arm"]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # ``?arm=`` or ``?arm__name=`` would filter a recruiting study by arm: only the
        # closed-study filter above may.
        if lookup.split("__")[0] in ("arm", "arm_id"):
            return False
        return super().lookup_allowed(lookup, value, request)

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
