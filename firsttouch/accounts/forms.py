from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import throttle
from .addresses import request_address
from .models import LANGUAGE_CHOICES, TIME_ZONE_CHOICES, Family, Role, ThrottleKind, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as throttling counts it (trusting only configured proxies)."""
    return request_address(request)


class SignUpForm(forms.Form):
    name = forms.CharField(max_length=60, label=_("Your first name"))
    email = forms.EmailField(label=_("E-mail"), help_text=_("You log in with it."))
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        label=_("Password"),
        help_text=_("At least 8 characters, not all numbers."),
    )
    role = forms.ChoiceField(
        choices=Role.choices, initial=Role.MOTHER, label=_("You are the baby's")
    )
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES, initial="UTC", widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args: Any, invitation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if invitation:
            # The invitation decides the role; the family already has its time zone.
            del self.fields["role"]
            del self.fields["time_zone"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username=email).exists():
            raise forms.ValidationError(
                gettext("An account with this e-mail exists. Log in instead.")
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            probe = User(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("name", ""),
            )
            try:
                password_validation.validate_password(data["password"], probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)  # notranslate
        return data


class ThrottleMixin:
    """Counts every log-in attempt before the password is checked (see throttle.py).

    After ``clean()``, ``self.throttled`` holds the refused attempt, so the view can answer
    429 with Retry-After.
    """

    request: HttpRequest | None
    data: Any
    cleaned_data: dict[str, Any]
    throttled: throttle.Attempt | None = None

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or self.data.get("username") or "")
        if not username.strip():
            return super().clean()  # type: ignore[misc]  # the "required" error says it
        attempt = throttle.begin(ThrottleKind.LOGIN, username, client_ip(self.request))
        if not attempt.allowed:
            self.throttled = attempt
            raise forms.ValidationError(attempt.message, code="throttled")
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        # A wrong password raised in super().clean(): its attempt stays counted.
        throttle.succeeded(attempt)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    """Django's log-in form that refuses to check passwords after repeated failures."""

    username = forms.CharField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    # Django's own message names the model's field ("username"); people log in with an e-mail,
    # and the e-mail is lower-cased before the check, so only the password is case-sensitive.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct e-mail and password. Note that the password is case-sensitive."
        ),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """The admin site's log-in form under the same throttle as every other way in."""

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class PasswordCheckMixin:
    """A password a signed-in person types again, checked on the log-in throttle.

    Someone holding a stolen session (a phone left unlocked) must not get unlimited guesses
    at the password through these forms. After ``clean()``, ``self.throttled`` holds the
    refused attempt so the view can answer 429 with Retry-After.
    """

    request: HttpRequest | None = None
    throttled: throttle.Attempt | None = None

    def check_password(self, user: User, password: str, wrong: str, code: str) -> None:
        """Raise ``wrong`` for a wrong password, the throttle's message past its limits."""
        try:
            right = throttle.check_password(user, password, client_ip(self.request))
        except throttle.Throttled as refused:
            self.throttled = refused.attempt
            raise forms.ValidationError(
                refused.attempt.signed_in_message, code="throttled"
            ) from refused
        if not right:
            raise forms.ValidationError(wrong, code=code)


class ThrottledPasswordChangeForm(PasswordCheckMixin, PasswordChangeForm):
    """Django's password change, with the old password checked on the log-in throttle."""

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = str(self.cleaned_data["old_password"])
        self.check_password(
            self.user,
            old_password,
            str(self.error_messages["password_incorrect"]),
            "password_incorrect",
        )
        return old_password


class ThrottledAdminPasswordChangeForm(ThrottledPasswordChangeForm):
    """The admin site's own password change (its look: required fields marked)."""

    required_css_class = "required"


class InviteForm(forms.Form):
    role = forms.ChoiceField(
        choices=[c for c in Role.choices if c[0] != Role.MOTHER],
        initial=Role.PARTNER,
        label=_("They are the baby's"),
    )


class FamilySettingsForm(forms.ModelForm):
    class Meta:
        model = Family
        fields = ["name", "time_zone", "units"]
        widgets = {"time_zone": forms.Select(choices=TIME_ZONE_CHOICES)}
        help_texts = {
            "units": _(
                "For everyone in the family: how weights, lengths, temperatures and bottle "
                "amounts are entered and shown. What is saved does not change."
            )
        }


class LanguageForm(forms.ModelForm):
    """The account's language; blank follows the phone's or browser's language."""

    class Meta:
        model = User
        fields = ["language"]
        labels = {"language": _("Language")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["language"]
        field.choices = [("", _("Same as this device")), *LANGUAGE_CHOICES]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("What is this key for?"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Home Assistant")}),
    )
