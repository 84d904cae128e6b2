"""The confirmation asked before an account is deleted: the word DELETE and the password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.forms import PasswordCheckMixin
from firsttouch.accounts.models import User

CONFIRM_WORD = "DELETE"


class DeleteAccountForm(PasswordCheckMixin, forms.Form):
    confirm = forms.CharField(
        label=format_lazy(_("Type {word} to confirm"), word=CONFIRM_WORD),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(
        self, *args: Any, user: User, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_confirm(self) -> str:
        value = str(self.cleaned_data["confirm"]).strip()
        if value != CONFIRM_WORD:
            raise forms.ValidationError(
                gettext("Type %(word)s in capital letters to confirm. Nothing was deleted.")
                % {"word": CONFIRM_WORD}
            )
        return value

    def clean_password(self) -> str:
        value = str(self.cleaned_data["password"])
        # Counted on the log-in throttle: a stolen session gets no free guesses here.
        self.check_password(
            self.user,
            value,
            gettext(
                "That password is not right. Enter the password you log in with. "
                "Nothing was deleted."
            ),
            "wrong_password",
        )
        return value
