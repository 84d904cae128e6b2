"""One ModelForm per kind of entry, all sharing the save path and the time-zone handling.

Times are typed and shown in the family's time zone: the family middleware activates it and
Django's ``DateTimeField`` converts from and to the current time zone. Every rule (end before
start, future times, overlaps, a second running timer) lives in the models; the forms only
choose widgets and words, and save through :func:`services.save_entry`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import User
from firsttouch.babies.models import Baby
from firsttouch.core import unit_fields
from firsttouch.core import units as u

from . import services
from .models import (
    ILLNESS_SIGNS,
    NO_MEASUREMENT,
    TEETHING_SIGNS,
    TEMPERATURE_MAX_C,
    TEMPERATURE_MIN_C,
    Crying,
    Entry,
    Feed,
    FeedKind,
    GasEpisode,
    Growth,
    IllnessCheck,
    Nappy,
    Note,
    Sleep,
    TeethingSign,
)


class LocalDateTimeInput(forms.DateTimeInput):
    """The phone's native date-and-time picker, to the minute."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class Choices(forms.RadioSelect):
    """Big tappable pills instead of a drop-down: one tap at night, no scrolling."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__({"class": "choices", **(attrs or {})}, **kwargs)


def show_when(field: str, value: str) -> dict[str, str]:
    """Widget attrs that make ``tracking/entry.js`` show a field only for one answer.

    Hidden fields are also disabled so the browser does not send stale values.
    """
    return {"data-show-when": f"{field}={value}"}


def drop_placeholder(form: forms.BaseForm, *names: str) -> None:
    """Radio buttons need no "---------" choice: leaving them all unticked means none."""
    for name in names:
        field: Any = form.fields[name]
        field.choices = [c for c in field.choices if c[0] != ""]


def add_model_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a model's ``ValidationError`` on the form, unknown fields as form-wide errors."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for error in messages:
            form.add_error(target, error)


class EntryForm(forms.ModelForm):
    """Shared by every kind: the baby and author are set here, never taken from the POST."""

    KIND: ClassVar[str] = ""
    instance: Entry

    def __init__(self, *args: Any, baby: Baby, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.baby = baby
        if self.instance.pk is None:
            self.instance.created_by = user
        if "notes" in self.fields:
            self.fields["notes"].widget = forms.Textarea(attrs={"rows": 2})
            self.fields["notes"].label = _("Notes")

    def save(self, commit: bool = True) -> Entry:
        """Save through the one locked, fully validated path.

        A rule that another device broke since ``is_valid`` (say, a sleep logged meanwhile)
        comes back as form errors and nothing is saved.
        """
        if not commit:
            return super().save(commit=False)
        try:
            return services.save_entry(self.instance)
        except ValidationError as exc:
            add_model_errors(self, exc)
            raise


class IntervalForm(EntryForm):
    START_END_HELP = _("Leave the end empty if it is still going: a timer will run.")

    class Meta:
        fields = ["start", "end", "notes"]
        widgets: dict[str, forms.Widget] = {
            "start": LocalDateTimeInput(),
            "end": LocalDateTimeInput(),
        }
        labels = {"start": _("Started"), "end": _("Ended")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end"].help_text = self.START_END_HELP


class PointForm(EntryForm):
    class Meta:
        fields = ["time", "notes"]
        widgets: dict[str, forms.Widget] = {"time": LocalDateTimeInput()}
        labels = {"time": _("When")}


class SleepForm(IntervalForm):
    class Meta(IntervalForm.Meta):
        model = Sleep


class CryingForm(IntervalForm):
    class Meta(IntervalForm.Meta):
        model = Crying
        fields = ["start", "end", "intensity", "notes"]
        widgets = {**IntervalForm.Meta.widgets, "intensity": Choices()}
        labels = {**IntervalForm.Meta.labels, "intensity": _("How strong")}
        # The ICON message (source icon, docs/sources.md).
        help_texts = {
            "intensity": _(
                "If the crying gets too much, it is fine to put your baby down safely "
                "on their back in their cot and take a few minutes' break. Never shake a baby."
            )
        }


class FeedForm(IntervalForm):
    class Meta(IntervalForm.Meta):
        model = Feed
        fields = ["kind", "side", "contents", "amount_ml", "food", "start", "end", "notes"]
        widgets = {
            **IntervalForm.Meta.widgets,
            "kind": Choices(),
            "side": Choices(attrs=show_when("kind", "breast")),
            "contents": Choices(attrs=show_when("kind", "bottle")),
            "amount_ml": forms.NumberInput(
                attrs={**show_when("kind", "bottle"), "inputmode": "numeric"}
            ),
            "food": forms.TextInput(attrs=show_when("kind", "solids")),
        }
        labels = {
            **IntervalForm.Meta.labels,
            "kind": _("Feed"),
            "side": _("Side"),
            "contents": _("In the bottle"),
            "amount_ml": _("Amount (ml)"),
            "food": _("Food"),
        }

    # One tap fills the amount (tracking/_quick_amounts.html); common bottle sizes, not advice.
    QUICK_AMOUNTS_ML: ClassVar[tuple[int, ...]] = (30, 60, 90, 120)
    QUICK_AMOUNTS_FL_OZ: ClassVar[tuple[int, ...]] = (1, 2, 3, 4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drop_placeholder(self, "side", "contents")
        if u.is_imperial():
            # Typed in US fluid ounces, stored in ml (core/units.py).
            old = self.fields["amount_ml"]
            self.fields["amount_ml"] = unit_fields.fluid_ounces_field(
                min_ml=1,
                max_ml=500,
                label=_("Amount (fl oz)"),
                widget=forms.NumberInput(attrs=old.widget.attrs),
            )
            stored = getattr(self.instance, "amount_ml", None)
            if stored is not None:
                self.initial["amount_ml"] = u.fluid_ounces_from_ml(stored)

    def quick_amounts(self) -> list[tuple[str, str]]:
        """(value typed into the input, label) for the one-tap buttons, in the family's units."""
        if u.is_imperial():
            return [
                (str(n), u.format_volume(u.ml_from_fluid_ounces(n)))
                for n in self.QUICK_AMOUNTS_FL_OZ
            ]
        return [(str(n), u.format_volume(n)) for n in self.QUICK_AMOUNTS_ML]

    def clean(self) -> dict[str, Any] | None:
        """A feed changed from breast to bottle or solids drops its per-side times."""
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("kind") and cleaned["kind"] != FeedKind.BREAST:
            feed: Feed = self.instance  # type: ignore[assignment]
            feed.left_seconds = feed.right_seconds = feed.side_since = None
            feed.last_side = ""
        return cleaned


class StoolColourChoices(Choices):
    """The stool colour radios, each with its swatch from the project's stool colour card.

    Parents tell pale from normal stools far better against a card of pictured colours than
    from words alone (the card's screening results: chen-2006, hsiao-2008 in docs/sources.md).
    The warning colours say so in words too, so no one has to judge by colour alone.
    """

    option_template_name = "tracking/widgets/stool_colour_option.html"

    # value: the swatches drawn for it (name, fill, optional streak of another colour).
    SWATCHES: ClassVar[dict[str, list[dict[str, Any]]]] = {
        "yellow": [{"name": _("yellow"), "fill": "#e0a800"}],
        "green": [{"name": _("green"), "fill": "#5f7f1f"}],
        "brown": [{"name": _("brown"), "fill": "#7a4a1c"}],
        "black": [{"name": _("black"), "fill": "#151515"}],
        "red": [{"name": _("blood-streaked"), "fill": "#a8741c", "streak": "#c0150f"}],
        "pale": [
            {"name": _("pale yellow"), "fill": "#f4ecb8"},
            {"name": _("clay or grey"), "fill": "#c8c2b2"},
            {"name": _("white"), "fill": "#fbfbf7"},
        ],
    }
    WARNING = frozenset({"pale", "red"})

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["swatches"] = self.SWATCHES.get(str(option["value"]), [])
        option["warning"] = option["value"] in self.WARNING
        return option


class NappyForm(PointForm):
    class Meta(PointForm.Meta):
        model = Nappy
        fields = ["time", "wet", "dirty", "consistency", "colour", "notes"]
        widgets = {
            **PointForm.Meta.widgets,
            "consistency": Choices(attrs=show_when("dirty", "on")),
            "colour": StoolColourChoices(attrs=show_when("dirty", "on")),
        }
        labels = {
            **PointForm.Meta.labels,
            "wet": _("Wet"),
            "dirty": _("Dirty (a stool)"),
            "consistency": _("Stool"),
            "colour": _("Colour"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        drop_placeholder(self, "consistency", "colour")
        self.fields["colour"].help_text = _(
            "Compare with the colours shown. Pale yellow, clay, grey or white stools, or blood: "
            "contact your doctor or health visitor today."
        )


class GasForm(PointForm):
    class Meta(PointForm.Meta):
        model = GasEpisode
        fields = ["time", "severity", "relieved_by", "notes"]
        widgets = {**PointForm.Meta.widgets, "severity": Choices()}
        labels = {
            **PointForm.Meta.labels,
            "severity": _("How uncomfortable"),
            "relieved_by": _("What helped"),
        }


class TeethingForm(PointForm):
    signs = forms.MultipleChoiceField(
        choices=TEETHING_SIGNS,
        required=False,
        label=_("Signs"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        # NICE NG143 (source nice-ng143, docs/sources.md).
        help_text=_(
            "A fever is not a sign of teething. A temperature of 38 °C or more in a baby "
            "under 3 months needs urgent medical assessment now. At any age, a baby who is "
            "floppy, hard to wake, has a rash that does not fade under pressure, or breathes "
            "with difficulty needs emergency care."
        ),
    )

    class Meta(PointForm.Meta):
        model = TeethingSign
        fields = ["time", "signs", "notes"]


class GrowthForm(PointForm):
    class Meta(PointForm.Meta):
        model = Growth
        fields = ["time", "weight_g", "length_cm", "head_cm", "notes"]
        widgets = {
            **PointForm.Meta.widgets,
            "weight_g": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "length_cm": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
            "head_cm": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
        }
        labels = {
            **PointForm.Meta.labels,
            "weight_g": _("Weight (grams)"),
            "length_cm": _("Length (cm)"),
            "head_cm": _("Head circumference (cm)"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not u.is_imperial():
            return
        # Pounds and whole ounces, inches: converted to grams and cm on the way in; the
        # model's limits (300 g-25 kg, 20-120 cm, 20-60 cm) are said in the same units.
        self.fields["weight_g"] = unit_fields.PoundsOuncesField(
            min_grams=300, max_grams=25000, label=_("Weight (lb and oz)")
        )
        self.fields["length_cm"] = unit_fields.inches_field(
            min_cm=20, max_cm=120, label=_("Length (inches)")
        )
        self.fields["head_cm"] = unit_fields.inches_field(
            min_cm=20, max_cm=60, label=_("Head circumference (inches)")
        )
        for name in ("length_cm", "head_cm"):
            stored = getattr(self.instance, name)
            if stored is not None:
                self.initial[name] = u.inches_from_cm(stored)

    def full_clean(self) -> None:
        super().full_clean()
        found = self.errors.as_data()
        refused = any(
            error.code != NO_MEASUREMENT
            for name in ("weight_g", "length_cm", "head_cm")
            for error in found.get(name, [])
        )
        if refused and self.has_error("weight_g", NO_MEASUREMENT):
            # A measure typed but refused leaves the entry empty, and the model's "enter any
            # of them" would contradict that field's own message: keep only the field's.
            kept = [e for e in found["weight_g"] if e.code != NO_MEASUREMENT]
            if kept:
                self.errors["weight_g"] = self.error_class(kept)
            else:
                del self.errors["weight_g"]


class IllnessForm(PointForm):
    """A temperature and the signs seen: what the red-flag rules need, nothing more."""

    signs = forms.MultipleChoiceField(
        choices=ILLNESS_SIGNS,
        required=False,
        label=_("Signs you see"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )

    class Meta(PointForm.Meta):
        model = IllnessCheck
        fields = ["time", "temperature_c", "signs", "notes"]
        widgets = {
            **PointForm.Meta.widgets,
            "temperature_c": forms.NumberInput(
                attrs={"inputmode": "decimal", "step": "0.1", "min": "34", "max": "43"}
            ),
        }
        labels = {**PointForm.Meta.labels, "temperature_c": _("Temperature (°C)")}
        # How to measure under 4 weeks: NICE NG143 (nice-ng143, docs/sources.md).
        help_texts = {
            "temperature_c": _(
                "Leave empty if you did not measure it. Under 4 weeks, measure "
                "in the armpit with an electronic thermometer."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if u.is_imperial():
            old = self.fields["temperature_c"]
            self.fields["temperature_c"] = unit_fields.fahrenheit_field(
                min_c=TEMPERATURE_MIN_C,
                max_c=TEMPERATURE_MAX_C,
                label=_("Temperature (°F)"),
                help_text=old.help_text,
            )
            stored = getattr(self.instance, "temperature_c", None)
            if stored is not None:
                self.initial["temperature_c"] = u.fahrenheit_from_celsius(stored)


class NoteForm(PointForm):
    class Meta(PointForm.Meta):
        model = Note

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notes"].label = _("Note")
        self.fields["notes"].widget = forms.Textarea(attrs={"rows": 4})


FORMS: dict[str, type[EntryForm]] = {
    "sleep": SleepForm,
    "crying": CryingForm,
    "feed": FeedForm,
    "nappy": NappyForm,
    "gas": GasForm,
    "teething": TeethingForm,
    "growth": GrowthForm,
    "illness": IllnessForm,
    "note": NoteForm,
}
