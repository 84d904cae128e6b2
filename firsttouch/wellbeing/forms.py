"""The questionnaire form, built from the instrument so the wording is never copied by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .instruments import Instrument, Item
from .models import CaregiverSettings
from .safety import countries
from .scoring import safety_items


def field_name(link_id: str) -> str:
    return f"item-{link_id}"


@dataclass(frozen=True)
class Choice:
    index: int
    text: str
    triggers_safety: bool


@dataclass(frozen=True)
class Question:
    """One fieldset on the page: the item, its radios and whether it was left open."""

    number: int
    item: Item
    field: forms.BoundField
    choices: list[Choice]
    selected: int | None
    missing: bool

    @property
    def name(self) -> str:
        return field_name(self.item.link_id)


class QuestionnaireForm(forms.Form):
    """Every item optional here: a partial submission is a draft, never an error."""

    def __init__(
        self,
        instrument: Instrument,
        *args: Any,
        saved: Mapping[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.saved = dict(saved or {})
        for item in instrument.items:
            self.fields[field_name(item.link_id)] = forms.TypedChoiceField(
                label=item.text,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(str(i), o.text) for i, o in enumerate(item.options)],
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[str, int]:
        """{link id: option index} for the answered items (call after is_valid)."""
        return {
            item.link_id: value
            for item in self.instrument.items
            if (value := self.cleaned_data.get(field_name(item.link_id))) is not None
        }

    def _triggers_safety(self, item: Item, index: int) -> bool:
        """Whether choosing this answer alone calls for the safety response (marks the radio
        for epds.js, which shows the block the moment it is chosen)."""
        return bool(safety_items(self.instrument, {item.link_id: index}))

    def questions(
        self, missing: set[str] | None = None, chosen: Mapping[str, int] | None = None
    ) -> list[Question]:
        """The fieldsets to draw; ``chosen`` (e.g. the saved draft) wins over the POST."""
        if chosen is None:
            chosen = self.answers() if hasattr(self, "cleaned_data") else self.saved
        return [
            Question(
                number=n,
                item=item,
                field=self[field_name(item.link_id)],
                choices=[
                    Choice(i, o.text, self._triggers_safety(item, i))
                    for i, o in enumerate(item.options)
                ],
                selected=chosen.get(item.link_id),
                missing=item.link_id in (missing or set()),
            )
            for n, item in enumerate(self.instrument.items, start=1)
        ]


class CountryForm(forms.ModelForm[CaregiverSettings]):
    """Which country's crisis lines she is shown (on the sharing page)."""

    class Meta:
        model = CaregiverSettings
        fields = ["country"]
        labels = {"country": _("Show crisis lines for")}
        help_texts = {"country": _("The phone numbers we show if you ever need urgent help.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Work it out from our time zone")), *countries()]
        self.fields["country"] = forms.ChoiceField(
            choices=choices,
            required=False,
            label=self.fields["country"].label,
            help_text=self.fields["country"].help_text,
        )
