"""Staff forms for courses, sessions, enrolment and NICU programmes; the models' ``clean()``
holds the rules, so the forms only choose widgets and the choices staff may pick from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family, User
from firsttouch.babies.models import Baby
from firsttouch.massage.content import library
from firsttouch.programs.models import Organisation

from . import services
from .models import Course, CourseSession, NicuProgramme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        return user.get_full_name() or user.email


class CourseForm(forms.ModelForm):
    leader = PersonChoice(
        queryset=User.objects.none(),
        label=_("Class leader"),
        error_messages={"required": _("Choose who leads the class.")},
    )

    class Meta:
        model = Course
        fields = ["title", "description", "weekly_target", "starts_on", "leader"]
        widgets = {
            "starts_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "starts_on": _("Starts on"),
        }
        error_messages = {
            "title": {"required": _("Give the course a title.")},
            "starts_on": {"required": _("Give the date of the first class.")},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leaders = services.class_leaders(organisation)
        self.fields["leader"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in leaders]
        )
        self.instance.organisation = organisation


class SessionForm(forms.ModelForm):
    online_link = forms.URLField(
        required=False,
        assume_scheme="https",
        label=_("Online link"),
        help_text=_("An https:// link, if it is online."),
    )

    class Meta:
        model = CourseSession
        fields = ["starts_at", "ends_at", "place", "online_link", "notes"]
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "starts_at": _("Starts"),
            "ends_at": _("Ends"),
            "place": _("Place"),
            "notes": _("Notes"),
        }
        error_messages = {
            "starts_at": {"required": _("Give the date and time the class starts.")},
            "ends_at": {"required": _("Give the date and time the class ends.")},
        }

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.course = course
        self.fields["starts_at"].help_text = _("Time in %(zone)s.") % {"zone": settings.TIME_ZONE}


class EnrolForm(forms.Form):
    family = forms.ModelChoiceField(
        queryset=Family.objects.none(),
        label=_("Family"),
        help_text=_("Families who share something with your organisation and are not enrolled."),
        error_messages={"required": _("Choose a family to enrol.")},
    )

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enrolled = set(course.enrolments.current().values_list("family_id", flat=True))
        sharing = [f.pk for f in services.families_sharing(course.organisation)]
        self.fields["family"].queryset = Family.objects.filter(  # type: ignore[attr-defined]
            pk__in=[pk for pk in sharing if pk not in enrolled]
        ).order_by("name", "pk")


class NicuProgrammeForm(forms.ModelForm):
    routine_slug = forms.ChoiceField(label=_("Routine"), choices=())

    class Meta:
        model = NicuProgramme
        fields = ["baby", "routine_slug", "minutes_per_day", "days_per_week", "started_on"]
        widgets = {"started_on": DateInput()}
        labels = {
            "baby": _("Baby"),
            "minutes_per_day": _("Minutes a day"),
            "days_per_week": _("Days a week"),
            "started_on": _("Started on"),
        }
        error_messages = {
            "baby": {"required": _("Choose the baby.")},
            "started_on": {"required": _("Give the day the programme starts.")},
        }

    def __init__(self, *args: Any, family: Family, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.family = family
        self.instance.organisation = organisation
        self.fields["baby"].queryset = Baby.objects.filter(family=family).order_by("pk")  # type: ignore[attr-defined]
        self.fields["routine_slug"].choices = [  # type: ignore[attr-defined]
            (r.slug, r.title) for r in library().routines
        ]
