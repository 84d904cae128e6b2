"""The mother's own day: mood, self-care and the symptom checklist (source piri, docs/sources.md).

Everything here belongs to one user, not to the family: a partner or another caregiver never
sees it, and every query filters on ``user``. None of it is scored as a diagnosis; the mood is
a note to herself, and the checklist can only suggest taking an EPDS.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firsttouch.core import moments


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


# Self-care the seed names as helping (piri), in the order shown on the page.
SELF_CARE = {
    "meditation": _("Meditation"),
    "yoga": _("Yoga"),
    "exercise": _("Exercise"),
    "sun": _("Time outside in the sun"),
    "social": _("Time with friends or family"),
}

# Signs the seed lists as worth attention (piri).
SYMPTOMS = {
    "anxiety": _("Anxiety"),
    "sleep_change": _("Changed sleep"),
    "appetite_loss": _("Lost appetite"),
    "low_energy": _("Low energy"),
    "extreme_sadness": _("Extreme sadness"),
}


def check_not_future(day: object) -> None:
    """A day in the future cannot have happened yet; the family's time zone decides today.

    A day before 1900 is refused too (core.moments): it is a slip, and a week around it
    cannot be computed. (One validator, so the field and its migration stay as they are.)
    """
    moments.check_in_range(day)
    if day is not None and day > timezone.localdate():  # type: ignore[operator]
        raise ValidationError(_("That day is in the future. Choose today or an earlier day."))


class OwnDay(models.Model):
    """One row per user per day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(validators=[check_not_future])
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-day"]


class MoodEntry(OwnDay):
    """One tap a day on a five-face scale; a note to herself, never a score."""

    mood = models.PositiveSmallIntegerField(choices=Mood.choices)
    note = models.TextField(blank=True, max_length=1000)

    class Meta(OwnDay.Meta):
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_mood_a_day")]
        verbose_name_plural = _("mood entries")

    def __str__(self) -> str:
        return f"{self.day}: {self.get_mood_display()}"


class SelfCareDay(OwnDay):
    """What she managed today: ticks, plus the hours she slept."""

    meditation = models.BooleanField(default=False)
    yoga = models.BooleanField(default=False)
    exercise = models.BooleanField(default=False)
    sun = models.BooleanField(default=False)
    social = models.BooleanField(default=False)
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
        help_text=_("Hours slept in the last 24 hours, e.g. 5.5."),
    )

    class Meta(OwnDay.Meta):
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_self_care_a_day")]

    def __str__(self) -> str:
        return f"{self.day}: {', '.join(self.done()) or 'nothing ticked'}"

    def done(self) -> list[str]:
        return [key for key in SELF_CARE if getattr(self, key)]


class SymptomDay(OwnDay):
    """The symptom checklist for one day; a week with several suggests taking an EPDS."""

    anxiety = models.BooleanField(default=False)
    sleep_change = models.BooleanField(default=False)
    appetite_loss = models.BooleanField(default=False)
    low_energy = models.BooleanField(default=False)
    extreme_sadness = models.BooleanField(default=False)

    class Meta(OwnDay.Meta):
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_symptom_check_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {', '.join(self.present()) or 'none'}"

    def present(self) -> list[str]:
        return [key for key in SYMPTOMS if getattr(self, key)]
