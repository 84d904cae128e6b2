"""A logged lactation massage, one breast at a time (the guide's sources: abm-36, witt-2016).

A session is the mother's own: it belongs to her user, not to the family, so a partner never
sees it. The family's massager (massage.models.Massager) is only borrowed for its head and
level names.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firsttouch.core import moments
from firsttouch.massage.models import Massager, Tool


class Side(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")


class Technique(models.TextChoices):
    CIRCLES = "circles", _("Gentle circles")
    TOWARD_ARMPIT = "toward_armpit", _("Light strokes toward the armpit")
    ALONG_SIDE = "along_side", _("Along the side of the breast")
    MIXED = "mixed", _("A mix of these")
    OTHER = "other", _("Something else")


class Redness(models.TextChoices):
    NONE = "none", _("None")
    PATCH = "patch", _("A red patch")
    SPREADING = "spreading", _("Redness that is spreading")


class Fullness(models.IntegerChoices):
    SOFT = 0, _("Soft")
    A_LITTLE = 1, _("A little full")
    FULL = 2, _("Full")
    VERY_FULL = 3, _("Very full or hard")


class LactationSession(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=5, choices=Side.choices)
    started_at = models.DateTimeField(default=timezone.now)
    minutes = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    technique = models.CharField(
        max_length=20, choices=Technique.choices, default=Technique.CIRCLES
    )
    tool = models.CharField(max_length=10, choices=Tool.choices, default=Tool.HANDS)
    massager = models.ForeignKey(
        Massager, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wand_head = models.CharField(max_length=60, blank=True)
    vibration = models.CharField(max_length=20, blank=True)
    fullness = models.PositiveSmallIntegerField(choices=Fullness.choices, default=Fullness.A_LITTLE)
    lump = models.BooleanField(default=False)
    lump_location = models.CharField(
        max_length=120, blank=True, help_text=_("e.g. upper outer, near the armpit")
    )
    lump_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 30)],
        help_text=_("How many hours the lump has been there, if you know."),
    )
    pain = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(10)])
    redness = models.CharField(max_length=10, choices=Redness.choices, default=Redness.NONE)
    hot_area = models.BooleanField(default=False, help_text=_("An area that feels hot to touch."))
    temperature_c = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("34.0")), MaxValueValidator(Decimal("43.0"))],
    )
    let_down = models.BooleanField(default=False)
    very_unwell = models.BooleanField(
        default=False, help_text=_("Feeling very unwell or flu-like.")
    )
    pus_or_blood = models.BooleanField(default=False, help_text=_("Pus or blood from the nipple."))
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "side", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_side_display()} breast at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def breast_label(self) -> str:
        """ "Left breast" or "Right breast", in the reader's language."""
        return gettext("Left breast") if self.side == Side.LEFT else gettext("Right breast")

    def clean(self) -> None:
        # The year first: comparing a time of year 1 with now fails (core.moments).
        errors = moments.out_of_range_fields(self, ["started_at"])
        if errors:
            raise ValidationError(errors)
        if self.started_at and self.started_at > timezone.now() + timedelta(minutes=2):
            errors["started_at"] = gettext("The start is in the future. Check the date and time.")
        if not self.lump:
            if self.lump_hours is not None:
                errors["lump_hours"] = gettext(
                    "Tick “A lump” first, or leave how long it has been empty."
                )
            self.lump_location = ""
        if self.tool == Tool.HANDS:
            self.massager, self.wand_head, self.vibration = None, "", ""
        elif self.massager is not None:
            heads = self.massager.head_names()
            if self.wand_head and heads and self.wand_head not in heads:
                errors["wand_head"] = gettext("Choose one of your wand's heads: %(heads)s.") % {
                    "heads": ", ".join(heads)
                }
            levels = [str(v) for v in self.massager.vibration_levels]
            if self.vibration and self.vibration not in levels:
                errors["vibration"] = gettext("Choose one of your wand's levels: %(levels)s.") % {
                    "levels": ", ".join(levels)
                }
        if errors:
            raise ValidationError(errors)
