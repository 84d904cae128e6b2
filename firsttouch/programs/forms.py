from __future__ import annotations

from django import forms


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        label="Clinic code",
        help_text="The code your clinic or class gave you, e.g. ABCD2345.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
