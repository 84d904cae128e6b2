"""Forms of the study pages: built from the study's own protocol (its factors, questions and
time points), so a form only offers what the protocol allows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExportFormat, Study

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class InviteForm(forms.Form):
    """Staff invite a caregiver by e-mail, giving her stratum (one level per factor)."""

    email = forms.EmailField(label=_("Her e-mail address"))

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, factor in enumerate(study.stratification_factors):
            self.fields[f"factor_{index}"] = forms.ChoiceField(
                label=factor["name"].capitalize(),
                choices=[(level, level) for level in factor["levels"]],
                widget=forms.RadioSelect,
            )
        self.study = study

    def stratum_values(self) -> dict[str, str]:
        return {
            factor["name"]: self.cleaned_data[f"factor_{index}"]
            for index, factor in enumerate(self.study.stratification_factors)
        }


class AgreeForm(forms.Form):
    """Her eligibility answers and her agreement to the consent text she read."""

    version = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("I have read the text above and agree to take part"),
        error_messages={"required": _("Tick the box to agree, or decline below.")},
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(study.eligibility):
            self.fields[f"q_{index}"] = forms.ChoiceField(
                label=question["question"],
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no.")},
            )
        self.fields["agree"] = self.fields.pop("agree")  # after the questions, as she reads
        self.study = study
        self.initial.setdefault("version", study.consent_version)

    def answers(self) -> list[bool | None]:
        return [
            self.cleaned_data[f"q_{index}"] == "yes" for index in range(len(self.study.eligibility))
        ]


class WithdrawForm(forms.Form):
    keep_data = forms.ChoiceField(
        label=_("May the data collected so far be analysed?"),
        choices=[("yes", _("Yes, she allows it")), ("no", _("No: leave her data out"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (if she gave one)"), required=False, max_length=300)


class DeviationForm(forms.Form):
    time_point = forms.ChoiceField(label=_("Time point"), required=False)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["time_point"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("None in particular"))] + [
            (p.key, p.label) for p in study.time_points()
        ]


class ExportForm(forms.Form):
    """What the researcher exports: the format, whether dates are shifted, and whether it
    names the participants (then why, in her own words: the reason is recorded)."""

    format = forms.ChoiceField(
        label=_("Format"), choices=ExportFormat.choices, widget=forms.RadioSelect, initial="csv"
    )
    shift_dates = forms.BooleanField(
        label=_(
            "Shift dates (each participant's by her own number of days, the same in every "
            "export; days since enrolment stay exact)"
        ),
        required=False,
        initial=True,
    )
    identifiable = forms.BooleanField(
        label=_("Identifiable: add names, e-mail addresses and real dates"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why the export must name them (recorded, with your name)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("identifiable") and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",  # notranslate (the field)
                _("Say why this export must name the participants: it is recorded."),
            )
        return cleaned
