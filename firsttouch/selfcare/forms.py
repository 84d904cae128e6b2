"""Forms that read the taps on /selfcare/; the models and services hold the rules."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firsttouch.core import moments

from .models import SELF_CARE, SYMPTOMS, Mood


class DayForm(forms.Form):
    day = forms.DateField(
        error_messages={
            "required": _("Choose a day."),
            "invalid": _("That day is not a date. Use YYYY-MM-DD."),
        }
    )

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        moments.check_in_range(day)  # a day in year 1 has no day before it to link to
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("That day is in the future. Choose today or an earlier day.")
            )
        return day


class MoodForm(DayForm):
    mood = forms.TypedChoiceField(
        choices=Mood.choices,
        coerce=int,
        error_messages={
            "required": _("Tap one of the five faces."),
            "invalid_choice": _("Tap one of the five faces."),
        },
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note (optional)"),
    )


class SelfCareToggleForm(DayForm):
    key = forms.ChoiceField(
        choices=list(SELF_CARE.items()),
        error_messages={
            "invalid_choice": _("That self-care choice is not one we know. Reload the page.")
        },
    )


class SymptomToggleForm(DayForm):
    key = forms.ChoiceField(
        choices=list(SYMPTOMS.items()),
        error_messages={"invalid_choice": _("That symptom is not one we know. Reload the page.")},
    )


class SleepForm(DayForm):
    sleep_hours = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=24,
        max_digits=3,
        decimal_places=1,
        label=_("Hours of sleep"),
        error_messages={
            "invalid": _("Enter the hours as a number, e.g. 5.5."),
            "min_value": _("Enter 0 to 24 hours."),
            "max_value": _("Enter 0 to 24 hours."),
            "max_digits": _("Enter 0 to 24 hours."),
            "max_decimal_places": _("Use at most one decimal, e.g. 5.5."),
        },
    )


def first_errors(form: forms.Form) -> list[str]:
    """All of a form's messages as sentences for the one error box on the page."""
    return [str(message) for messages in form.errors.values() for message in messages]
