"""The log form: model rules stay in LactationSession.clean(); this words the fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family
from firsttouch.core import unit_fields
from firsttouch.core import units as u
from firsttouch.core.scoping import scoped
from firsttouch.massage.models import Massager, Tool

from .models import LactationSession, Side

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class LactationSessionForm(forms.ModelForm[LactationSession]):
    started_at = forms.DateTimeField(
        label=_("Started"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"invalid": _("Enter the date and time the massage started.")},
    )
    wand_head = forms.ChoiceField(label=_("Wand head"), required=False)
    vibration = forms.ChoiceField(
        label=_("Vibration level"),
        required=False,
        help_text=_("Use the lowest level, and only if comfortable."),
    )

    class Meta:
        model = LactationSession
        fields = [
            "side",
            "started_at",
            "minutes",
            "technique",
            "tool",
            "wand_head",
            "vibration",
            "fullness",
            "lump",
            "lump_location",
            "lump_hours",
            "pain",
            "redness",
            "hot_area",
            "temperature_c",
            "let_down",
            "very_unwell",
            "pus_or_blood",
            "notes",
        ]
        labels = {
            "side": _("Which breast"),
            "minutes": _("Minutes"),
            "tool": _("With"),
            "fullness": _("How full"),
            "lump": _("A lump"),
            "lump_location": _("Where is the lump"),
            "lump_hours": _("Hours the lump has been there"),
            "pain": _("Pain (0 to 10)"),
            "hot_area": _("An area feels hot"),
            "temperature_c": _("Temperature (°C)"),
            "let_down": _("Let-down happened"),
            "very_unwell": _("I feel very unwell or flu-like"),
            "pus_or_blood": _("Pus or blood from the nipple"),
            "notes": _("Notes"),
        }
        help_texts = {
            "pain": _("0 is no pain, 10 the worst you can imagine."),
            "temperature_c": _("Leave empty if you did not take it."),
            "hot_area": "",
            "very_unwell": "",
            "pus_or_blood": "",
        }
        widgets = {
            "side": forms.RadioSelect,
            "tool": forms.RadioSelect,
            "fullness": forms.RadioSelect,
            "redness": forms.RadioSelect,
            "pain": forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
            "temperature_c": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "side": {"required": _("Choose the left or the right breast.")},
            "pain": {"max_value": _("Pain goes from 0 to 10.")},
            "minutes": {
                "min_value": _("Enter at least 1 minute."),
                "max_value": _("Enter 120 minutes or fewer."),
            },
            "temperature_c": {
                "min_value": _("That temperature looks wrong: enter it in °C, e.g. 37.2."),
                "max_value": _("That temperature looks wrong: enter it in °C, e.g. 37.2."),
            },
        }

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if u.is_imperial():
            # Typed in °F, stored in °C (core/units.py), within the model's 34-43 °C.
            old = self.fields["temperature_c"]
            self.fields["temperature_c"] = unit_fields.fahrenheit_field(
                min_c=Decimal("34.0"),
                max_c=Decimal("43.0"),
                label=_("Temperature (°F)"),
                help_text=old.help_text,
            )
            stored = getattr(self.instance, "temperature_c", None)
            if stored is not None:
                self.initial["temperature_c"] = u.fahrenheit_from_celsius(stored)
        self.device: Massager | None = scoped(Massager, family).first()
        choice = self._choice_field
        # Radios without the blank "---------" option: a side and a tool are always chosen.
        choice("side").choices = Side.choices
        choice("tool").choices = Tool.choices
        if self.device is None:
            # Nothing to choose from: the wand's heads and levels are the family's to name.
            del self.fields["wand_head"], self.fields["vibration"]
            self.fields["tool"].help_text = gettext(
                "To note the wand's head and level, set up your "
                "wand on the Massage tab's device page first."
            )
            return
        heads = self.device.head_names()
        levels = [str(v) for v in self.device.vibration_levels]
        choice("wand_head").choices = [("", gettext("Not noted")), *[(h, h) for h in heads]]
        choice("vibration").choices = [("", gettext("Not noted")), *[(v, v) for v in levels]]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def clean(self) -> dict[str, Any]:
        # The wand is the family's own device: set it before the model's clean() (which runs
        # after this) checks the head and the level against it.
        data = super().clean() or {}
        self.instance.massager = self.device if data.get("tool") == Tool.WAND else None
        return data
