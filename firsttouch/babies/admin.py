from django.contrib import admin

from .models import Baby


@admin.register(Baby)
class BabyAdmin(admin.ModelAdmin):
    list_display = ("name", "family", "birth_date", "gestational_weeks")
    list_select_related = ("family",)
