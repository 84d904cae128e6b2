from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Baby

WEEKS = "gestational_weeks"


class BabyForm(forms.ModelForm):
    born_early = forms.BooleanField(required=False, label=_("Born before 37 weeks"))

    class Meta:
        model = Baby
        fields = [
            "name",
            "birth_date",
            "born_early",
            "gestational_weeks",
            "sex",
            "usual_bedtime",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "usual_bedtime": forms.TimeInput(attrs={"type": "time"}),
            "gestational_weeks": forms.NumberInput(
                attrs={"min": 22, "max": 36, "inputmode": "numeric"}
            ),
        }
        labels = {
            "gestational_weeks": _("Weeks of pregnancy at birth"),
            "name": _("Baby's name"),
            "birth_date": _("Birth date"),
            "sex": _("Sex (for the growth charts)"),
            "usual_bedtime": _("Usual bedtime"),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["gestational_weeks"].widget.attrs.update(min=22, max=36)
        if self.instance.pk and self.instance.gestational_weeks:
            self.fields["born_early"].initial = self.instance.gestational_weeks < 37

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("born_early"):
            weeks = data.get("gestational_weeks")
            if weeks is None and "gestational_weeks" not in self.errors:
                self.add_error(
                    WEEKS,
                    gettext("Enter the weeks of pregnancy at birth (22 to 36)."),
                )
            elif weeks is not None and weeks >= 37:
                self.add_error(
                    WEEKS,
                    gettext("Born early means before 37 weeks; untick it for a term baby."),
                )
        else:
            data["gestational_weeks"] = None
        return data
