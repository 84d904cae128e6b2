"""Admin for her screening settings (crisis-line country, sharing choices)."""

from __future__ import annotations

from django.contrib import admin

from .models import CaregiverSettings


@admin.register(CaregiverSettings)
class CaregiverSettingsAdmin(admin.ModelAdmin[CaregiverSettings]):
    list_display = [
        "user",
        "country",
        "share_screenings_with_clinics",
        "share_screenings_with_family",
    ]
    raw_id_fields = ["user"]
