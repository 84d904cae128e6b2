"""Admin for her screening settings (crisis-line country, sharing choices)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import CaregiverSettings, SafetyEvent


@admin.register(CaregiverSettings)
class CaregiverSettingsAdmin(admin.ModelAdmin[CaregiverSettings]):
    list_display = [
        "user",
        "country",
        "share_screenings_with_family",
    ]
    raw_id_fields = ["user"]


@admin.register(SafetyEvent)
class SafetyEventAdmin(admin.ModelAdmin[SafetyEvent]):
    """Read-only: the record of when an urgent alert was raised and how item 10 changed."""

    list_display = ["response", "kind", "link_id", "old_score", "new_score", "at"]
    list_filter = ["kind"]
    raw_id_fields = ["response"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
