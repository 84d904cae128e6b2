from __future__ import annotations

from typing import Any

from django import forms

from firsttouch.wellbeing.safety import countries

from .models import CaregiverSettings


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=32, label="Clinic code",
        help_text="The code your clinic or class gave you, e.g. ABCD2345.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}))


class CountryForm(forms.ModelForm[CaregiverSettings]):
    class Meta:
        model = CaregiverSettings
        fields = ["country"]
        labels = {"country": "Show crisis lines for"}
        help_texts = {"country": "The phone numbers we show if you ever need urgent help."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Work it out from our time zone"), *countries()]
        self.fields["country"] = forms.ChoiceField(
            choices=choices, required=False, label=self.fields["country"].label,
            help_text=self.fields["country"].help_text)
