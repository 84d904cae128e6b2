"""The reminder settings form (the page and the API validate the same fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = [
            "massage_time",
            "massage_at_bedtime_window",
            "screening_reminders",
            "email_enabled",
        ]
        labels = {
            "massage_time": _("Daily massage time"),
            "massage_at_bedtime_window": _(
                "At tonight's bedtime window instead, when there is one"
            ),
            "screening_reminders": _("Remind me when a wellbeing check is due"),
            "email_enabled": _("Also send reminders by e-mail"),
        }
        help_texts = {
            "massage_time": _(
                "The same time each day, before bed, can become a sleep cue. "
                "Leave empty for no massage reminder."
            ),
            "screening_reminders": _(
                "For the mother: a short EPDS check at 2 weeks, then 1, 2, "
                "4, 6, 9 and 12 months after birth. You can snooze or "
                "decline each one."
            ),
            "massage_at_bedtime_window": _(
                "Today shows a suggested window for the bedtime massage once 7 of the last 14 "
                "nights' sleep is logged and regular enough. With this on, the reminder comes "
                "when that window opens; on other days, at the time above."
            ),
            "email_enabled": _("At most one e-mail per reminder."),
        }
        widgets = {"massage_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {
            "massage_time": {"invalid": _("Enter a time like 19:30, or leave it empty.")},
        }
