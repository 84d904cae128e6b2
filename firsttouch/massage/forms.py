"""Forms for the massage pages. Domain validation stays in the models and services; these
forms turn posted fields into the shapes those expect and word errors for a tired parent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family
from firsttouch.babies.models import Baby
from firsttouch.core.scoping import scoped

from .content import Routine, SafetyQuestion, library, region_label
from .models import BabyState, Massager, MassageSession, Tool
from .services import Answer

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
STATE_CHOICES = [("", _("Not noted")), *BabyState.choices]


class ModelErrorsMixin:
    """Show model.clean() errors on fields this form lacks instead of crashing (ValueError)."""

    error_field_map: dict[str, str] = {}
    fields: dict[str, forms.Field]

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list[Any]] = {}
            for name, messages in errors.error_dict.items():
                target = self.error_field_map.get(name, name)
                if target != NON_FIELD_ERRORS and target not in self.fields:
                    target = NON_FIELD_ERRORS
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)  # type: ignore[misc]


class SafetyCheckForm(forms.Form):
    """The questions from content/safety.toml, each answered Yes or No before starting."""

    def __init__(self, routine: Routine, family: Family, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.routine = routine
        self.questions: list[SafetyQuestion] = library().safety_for(routine)
        self.fields["baby"] = forms.ModelChoiceField(
            queryset=scoped(Baby, family),
            empty_label=None,
            label=_("Baby"),
            error_messages={"invalid_choice": _("Choose one of your babies.")},
        )
        self.fields["tool"] = forms.ChoiceField(
            choices=Tool.choices,
            initial=Tool.HANDS,
            required=False,
            widget=forms.RadioSelect,
            label=_("What will you massage with?"),
            error_messages={"invalid_choice": _("Choose your hands or the wand.")},
        )
        region_choices = [(r, region_label(r)) for r in routine.regions if r != "whole_body"]
        region_choices.append(("whole_body", gettext("All over (widespread)")))
        for q in self.questions:
            self.fields[q.id] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=q.question,
                help_text=q.help,
                error_messages={"required": _("Please answer Yes or No.")},
            )
            if q.action == "choose_regions":
                self.fields[f"{q.id}-regions"] = forms.MultipleChoiceField(
                    choices=region_choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    label=_("Which areas?"),
                )

    def question_fields(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """Each question's field with its "which areas?" field, for the template."""
        return [
            (self[q.id], self[f"{q.id}-regions"] if q.action == "choose_regions" else None)
            for q in self.questions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for q in self.questions:
            if (
                q.action == "choose_regions"
                and data.get(q.id) == "yes"
                and not data.get(f"{q.id}-regions")
            ):
                self.add_error(
                    f"{q.id}-regions",
                    gettext("Choose the areas affected so we can leave them out, or answer No."),
                )
        return data

    def answers(self) -> dict[str, Answer]:
        result: dict[str, Answer] = {}
        for q in self.questions:
            yes = self.cleaned_data[q.id] == "yes"
            if q.action == "choose_regions" and yes:
                result[q.id] = list(self.cleaned_data[f"{q.id}-regions"])
            else:
                result[q.id] = yes
        return result


class FinishForm(forms.Form):
    steps_completed = forms.IntegerField(min_value=0, max_value=200, initial=0)


class StopEarlyForm(FinishForm):
    cues = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("What did you notice? (optional)"),
    )
    note = forms.CharField(required=False, max_length=150, label=_("Anything else (optional)"))

    def __init__(self, *args: Any, preterm: bool = True, **kwargs: Any) -> None:
        """``preterm=False`` hides the cues that only apply to babies born early."""
        super().__init__(*args, **kwargs)
        self.fields["cues"].choices = [  # type: ignore[attr-defined]
            (c.id, c.label) for c in library().cues.disengagement if preterm or not c.preterm_only
        ]


class SessionLogForm(ModelErrorsMixin, forms.ModelForm):
    """The quick after-session log: states, cues, tool, oil, notes (about 20 seconds)."""

    cues = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Cues you saw")
    )
    state_before = forms.ChoiceField(
        choices=STATE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        label=_("Before, your baby was"),
    )
    state_after = forms.ChoiceField(
        choices=STATE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        label=_("After, your baby was"),
    )
    wand_head = forms.ChoiceField(required=False, label=pgettext_lazy("wand", "Head"))
    vibration = forms.ChoiceField(required=False, label=_("Vibration"))

    class Meta:
        model = MassageSession
        fields = [
            "state_before",
            "state_after",
            "cues",
            "tool",
            "massager",
            "wand_head",
            "vibration",
            "oil",
            "notes",
        ]
        widgets = {
            "tool": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "oil": forms.TextInput(
                attrs={
                    "placeholder": _("e.g. sunflower seed oil, or no oil"),
                    "list": "oil-suggestions",
                    "aria-describedby": "oil-advice",
                }
            ),
        }
        labels = {
            "massager": _("Device"),
            "oil": _("Oil (optional)"),
            "notes": _("Notes (optional)"),
        }

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cues = library().cues
        self.fields["cues"].choices = [  # type: ignore[attr-defined]
            (c.id, c.label) for c in (*cues.engagement, *cues.disengagement)
        ]
        self.devices = list(scoped(Massager, family))
        massager_field = self.fields["massager"]
        massager_field.queryset = scoped(Massager, family)  # type: ignore[attr-defined]
        massager_field.required = False
        heads = dict.fromkeys(h for d in self.devices for h in d.head_names())
        levels = dict.fromkeys(str(v) for d in self.devices for v in d.vibration_levels)
        self.fields["wand_head"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Not noted")),
            *((h, h) for h in heads),
        ]
        self.fields["vibration"].choices = [  # type: ignore[attr-defined]
            ("", gettext("Not noted")),
            *((v, v) for v in levels),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tool") == Tool.HANDS:
            # The wand fields may still hold a choice from before "Hands" was tapped.
            data["massager"], data["wand_head"], data["vibration"] = None, "", ""
        elif data.get("tool") == Tool.WAND and not data.get("massager") and len(self.devices) == 1:
            data["massager"] = self.devices[0]
        return data


class SessionTimesForm(SessionLogForm):
    """Log a session afterwards (or edit one): which baby, which routine, when, how long."""

    error_field_map = {"ended_at": "duration_minutes"}

    routine_slug = forms.ChoiceField(required=False, label=_("Routine"))
    duration_minutes = forms.IntegerField(
        min_value=1,
        max_value=180,
        label=_("How long (minutes)"),
        error_messages={"required": _("Enter how many minutes the massage lasted.")},
    )

    class Meta(SessionLogForm.Meta):
        fields = [
            "baby",
            "routine_slug",
            "started_at",
            "duration_minutes",
            *SessionLogForm.Meta.fields,
        ]
        widgets = {
            **SessionLogForm.Meta.widgets,
            "started_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        labels = {**SessionLogForm.Meta.labels, "started_at": _("Started at")}

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, family=family, **kwargs)
        baby_field = self.fields["baby"]
        baby_field.queryset = scoped(Baby, family)  # type: ignore[attr-defined]
        baby_field.empty_label = None  # type: ignore[attr-defined]
        choices = [
            ("", gettext("No routine (free massage)")),
            *((r.slug, r.title) for r in library().routines),
        ]
        current = self.instance.routine_slug
        if current and library().get(current) is None:
            choices.append(
                (current, gettext("%(slug)s (no longer in the library)") % {"slug": current})
            )
        self.fields["routine_slug"].choices = choices  # type: ignore[attr-defined]
        self.fields["started_at"].input_formats = [  # type: ignore[attr-defined]
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ]
        if self.instance.pk and self.instance.duration_seconds is not None:
            self.fields["duration_minutes"].initial = max(
                1, round(self.instance.duration_seconds / 60)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started, minutes = data.get("started_at"), data.get("duration_minutes")
        if started and minutes:
            self.instance.ended_at = started + timedelta(minutes=minutes)
        # routine_version is settled by services.save_session, as for the API.
        return data


class MassagerForm(forms.Form):
    """The family's wand: a name, up to four heads and the vibration levels it offers."""

    HEAD_ROWS = 4

    name = forms.CharField(max_length=80, initial=_("Massager wand"), label=_("Device name"))
    vibration_levels = forms.CharField(
        max_length=200,
        initial="off, low",
        label=_("Vibration levels"),
        help_text=_("Separated by commas, lowest first, as your device shows them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, self.HEAD_ROWS + 1):
            self.fields[f"head_{i}_name"] = forms.CharField(
                max_length=60, required=False, label=gettext("Head %(n)s name") % {"n": i}
            )
            self.fields[f"head_{i}_texture"] = forms.CharField(
                max_length=60, required=False, label=gettext("Head %(n)s texture") % {"n": i}
            )

    @classmethod
    def initial_for(cls, device: Massager) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": device.name,
            "vibration_levels": ", ".join(device.vibration_levels),
        }
        for i, head in enumerate(device.heads[: cls.HEAD_ROWS], start=1):
            initial[f"head_{i}_name"] = head.get("name", "")
            initial[f"head_{i}_texture"] = head.get("texture", "")
        return initial

    def head_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"head_{i}_name"], self[f"head_{i}_texture"])
            for i in range(1, self.HEAD_ROWS + 1)
        ]

    def clean_vibration_levels(self) -> list[str]:
        levels = [v.strip() for v in self.cleaned_data["vibration_levels"].split(",")]
        levels = list(dict.fromkeys(v for v in levels if v))
        if not levels:
            raise ValidationError(gettext("List at least one level, for example: off, low."))
        return levels

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, self.HEAD_ROWS + 1):
            if data.get(f"head_{i}_texture") and not data.get(f"head_{i}_name"):
                self.add_error(
                    f"head_{i}_name", gettext("Give this head a name, or clear its texture.")
                )
        return data

    def apply(self, device: Massager) -> Massager:
        data = self.cleaned_data
        device.name = data["name"]
        device.vibration_levels = data["vibration_levels"]
        device.heads = [
            {"name": data[f"head_{i}_name"].strip(), "texture": data[f"head_{i}_texture"].strip()}
            for i in range(1, self.HEAD_ROWS + 1)
            if data.get(f"head_{i}_name", "").strip()
        ]
        return device
