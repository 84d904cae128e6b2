"""The two ways in: Baby Buddy's address with an API key, or its exported CSV files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family, validate_time_zone
from firsttouch.babies.models import Baby
from firsttouch.core.scoping import scoped

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

WEIGHT_CHOICES = [("kg", _("kilograms (kg)")), ("lb", _("pounds (lb)")), ("g", _("grams (g)"))]
VOLUME_CHOICES = [("ml", _("millilitres (ml)")), ("oz", _("fluid ounces (oz)"))]


class _Units(forms.Form):
    # Baby Buddy stores numbers without units: the family says which ones they used.
    weight_unit = forms.ChoiceField(
        label=_("Weights in Baby Buddy are in"), choices=WEIGHT_CHOICES, initial="kg"
    )
    volume_unit = forms.ChoiceField(
        label=_("Feed amounts in Baby Buddy are in"), choices=VOLUME_CHOICES, initial="ml"
    )


class ApiImportForm(_Units):
    base_url = forms.CharField(
        label=_("Baby Buddy address"),
        max_length=300,
        help_text=_("The address you open Baby Buddy at, e.g. https://baby.example.org"),
        widget=forms.URLInput(
            attrs={"autocomplete": "url", "inputmode": "url", "placeholder": "https://"}
        ),
    )
    token = forms.CharField(
        label=_("Baby Buddy API key"),
        max_length=200,
        help_text=_(
            "In Baby Buddy: your name (top right), Settings, API key. It is kept only "
            "until the import ends."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    field_order = ["base_url", "token", "weight_unit", "volume_unit"]


class _MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    """One or more files; the cleaned value is a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFiles(attrs={"accept": ".csv,.zip,text/csv"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(_FilesField, self).clean(item, initial) for item in items if item]
        if not files:
            raise forms.ValidationError(gettext("Choose one or more CSV files, or a ZIP of them."))
        if sum(f.size or 0 for f in files) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("The files are larger than 20 MB together."))
        return files


class CsvImportForm(_Units):
    # The metaclass moves declared fields off the class, so this does not hide BaseForm.files.
    files = _FilesField(  # type: ignore[assignment]
        label=_("Baby Buddy CSV files"),
        help_text=_(
            "Exported from Baby Buddy's Database Admin: children, sleep, feedings, "
            "diaper changes, tummy time, weight and notes. Several files, or one ZIP."
        ),
    )
    baby = forms.ModelChoiceField(
        label=_("Baby for rows whose child is not found"),
        queryset=Baby.objects.none(),
        required=False,
        empty_label=_("None: skip those rows"),
        help_text=_(
            "Used when the children file is not included and a row's child name "
            "matches no baby here."
        ),
    )

    time_zone = forms.CharField(
        label=_("Time zone of the times in the files"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_(
            "Baby Buddy writes times in its server's time zone (its TIME_ZONE setting, "
            "UTC unless it was changed), e.g. Europe/London or UTC."
        ),
    )

    field_order = ["files", "baby", "time_zone", "weight_unit", "volume_unit"]

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = family.time_zone
        babies = scoped(Baby, family)
        field = self.fields["baby"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = babies
        if babies.count() == 1:
            field.initial = babies.first()
