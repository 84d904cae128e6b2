"""Form fields that take a measurement in the family's units and clean to the stored metric.

Each replaces a model form's own field under the same name (``weight_g``, ``length_cm``...),
so the model's rules and their errors still land on the right field; the range is checked
here first, in the units the parent typed, with a message in those units.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from . import units as u


class PoundsOuncesWidget(forms.MultiWidget):
    """Two number inputs, pounds then ounces, each with its own accessible name."""

    template_name = "core/widgets/pounds_ounces.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        pounds = forms.NumberInput(
            attrs={
                "inputmode": "numeric",
                "min": "0",
                "max": "60",
                "aria-label": gettext_lazy("pounds"),
            }
        )
        ounces = forms.NumberInput(
            attrs={
                "inputmode": "numeric",
                "min": "0",
                "max": "15",
                "aria-label": gettext_lazy("ounces"),
            }
        )
        super().__init__([pounds, ounces], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if value in (None, ""):
            return [None, None]
        return list(u.pounds_ounces_from_grams(int(value)))


class PoundsOuncesField(forms.MultiValueField):
    """A weight as pounds and whole ounces; cleans to grams (an int)."""

    widget = PoundsOuncesWidget

    def __init__(self, *, min_grams: int, max_grams: int, **kwargs: Any) -> None:
        self.min_grams, self.max_grams = min_grams, max_grams
        fields = (
            forms.IntegerField(min_value=0, max_value=60, required=False),
            forms.IntegerField(min_value=0, max_value=15, required=False),
        )
        kwargs.setdefault("required", False)
        super().__init__(fields, require_all_fields=False, **kwargs)
        self.error_messages["incomplete"] = gettext_lazy("Enter the pounds and the ounces.")

    def clean(self, value: Any) -> int | None:
        try:
            return super().clean(value)
        except forms.ValidationError:
            # An ounce count of 16 or more, a negative or a non-number: one clear sentence.
            raise forms.ValidationError(self.range_message(), code="invalid") from None

    def compress(self, data_list: list[Any]) -> int | None:
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        pounds, ounces = (v or 0 for v in data_list)
        grams = u.grams_from_pounds_ounces(pounds, ounces)
        if not self.min_grams <= grams <= self.max_grams:
            raise forms.ValidationError(self.range_message(), code="out_of_range")
        return grams

    def range_message(self) -> str:
        # The lightest whole-ounce weight at or above the minimum, the heaviest at or below
        # the maximum: the range says exactly what will be accepted.
        low = u.ounces_from_grams(self.min_grams)
        while u.grams_from_pounds_ounces(0, low) < self.min_grams:
            low += 1
        high = u.ounces_from_grams(self.max_grams)
        while u.grams_from_pounds_ounces(0, high) > self.max_grams:
            high -= 1
        return gettext("Enter a weight between %(low)s and %(high)s (ounces from 0 to 15).") % {
            "low": u.format_pounds_ounces(*divmod(low, u.OUNCES_PER_POUND)),
            "high": u.format_pounds_ounces(*divmod(high, u.OUNCES_PER_POUND)),
        }


class ConvertedDecimalField(forms.DecimalField):
    """A number typed in one unit (inches, °F, fl oz), cleaned to the stored one.

    ``low`` and ``high`` are in the typed unit; the message names them with ``unit``.
    """

    def __init__(
        self,
        *,
        to_stored: Callable[[Decimal], Any],
        low: Decimal,
        high: Decimal,
        unit: str,
        **kwargs: Any,
    ) -> None:
        self.to_stored, self.low, self.high, self.unit = to_stored, low, high, unit
        kwargs.setdefault("required", False)
        kwargs.setdefault("decimal_places", 1)
        kwargs.setdefault("max_digits", 5)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "step": "0.1", "min": u.plain(low), "max": u.plain(high)}
        )

    def clean(self, value: Any) -> Any:
        typed = super().clean(value)
        if typed is None:
            return None
        if not self.low <= typed <= self.high:
            raise forms.ValidationError(
                gettext("Enter a number between %(low)s and %(high)s %(unit)s.")
                % {
                    "low": number_format(self.low, 1),
                    "high": number_format(self.high, 1),
                    "unit": self.unit,
                },
                code="out_of_range",
            )
        return self.to_stored(typed)


def inches_field(
    *, min_cm: int, max_cm: int, label: str | Promise, **kwargs: Any
) -> ConvertedDecimalField:
    """Length or head circumference in inches; cleans to cm."""
    return ConvertedDecimalField(
        to_stored=u.cm_from_inches,
        low=u.inches_from_cm(Decimal(min_cm) + Decimal("0.1")),
        high=u.inches_from_cm(Decimal(max_cm) - Decimal("0.1")),
        unit="in",
        label=label,
        **kwargs,
    )


def fahrenheit_field(
    *, min_c: Decimal, max_c: Decimal, label: str | Promise, **kwargs: Any
) -> ConvertedDecimalField:
    """A temperature in °F; cleans to °C (0.1)."""
    return ConvertedDecimalField(
        to_stored=u.celsius_from_fahrenheit,
        low=u.fahrenheit_from_celsius(min_c),
        high=u.fahrenheit_from_celsius(max_c),
        unit="°F",
        label=label,
        **kwargs,
    )


def fluid_ounces_field(
    *, min_ml: int, max_ml: int, label: str | Promise, **kwargs: Any
) -> ConvertedDecimalField:
    """A bottle amount in US fluid ounces; cleans to ml."""
    return ConvertedDecimalField(
        to_stored=u.ml_from_fluid_ounces,
        low=max(u.fluid_ounces_from_ml(min_ml), Decimal("0.1")),
        high=u.fluid_ounces_from_ml(max_ml),
        unit="fl oz",
        label=label,
        **kwargs,
    )
