from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import User

from .consent import ConsentText
from .models import ConsentCategory, ContactMethod, StaffRole


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        label=_("Organisation code"),
        help_text=_("The code your clinic, health visitor or class gave you, e.g. ABCD2345."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ConsentForm(forms.Form):
    """One checkbox per category, described by the consent text; nothing ticked by default."""

    categories = forms.MultipleChoiceField(
        choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("What may they see?"),
        error_messages={
            "required": _("Tick at least one kind of data to share, or stop sharing instead.")
        },
    )

    def __init__(self, *args: Any, text: ConsentText, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [  # type: ignore[attr-defined]
            (c.value, text.categories[c.value]) for c in ConsentCategory
        ]


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("Their e-mail"))
    role = forms.ChoiceField(choices=StaffRole.choices, label=_("Role"))


class StaffSignUpForm(forms.Form):
    """A staff account for the invited address (the address comes from the invitation)."""

    name = forms.CharField(max_length=60, label=_("Your name"))
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not all numbers."),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            probe = User(username=self.email, email=self.email, first_name=data.get("name", ""))
            try:
                password_validation.validate_password(data["password"], probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)  # notranslate
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label=_("Code"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )


class AlertContactForm(forms.Form):
    """One contact with the family about an alert; the rules are ``alerts.record_contact``'s."""

    prefix = "contact"

    method = forms.ChoiceField(
        choices=ContactMethod.choices,
        label=_("How you made contact"),
        error_messages={"required": _("Choose how you made contact.")},
    )
    contacted_at = forms.DateTimeField(
        label=_("When you made contact"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Give the date and time of the contact."),
            "invalid": _("Give the date and time of the contact, e.g. 2026-12-02 14:30."),
        },
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What came of it: spoke to her, no answer, left a message, referred…"),
        error_messages={"required": _("Say what came of the contact.")},
    )


class ResolveAlertForm(forms.Form):
    prefix = "resolve"

    note = forms.CharField(
        label=_("How was it resolved?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say how the alert was resolved before closing it.")},
    )
